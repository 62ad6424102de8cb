/**
 * The optimisation pieces of chapter 11 that DL4J lacks: heavy-ball momentum as a DL4J updater
 * ({@link io.github.d2l4j.common.optim.HeavyBallMomentum}) and the book's learning-rate schedulers
 * as DL4J {@link org.nd4j.linalg.schedule.ISchedule}s.
 */
package io.github.d2l4j.common.optim;
