/** Metrics: {@code Timer} (D2L 3.1), {@code Accumulator}, {@code accuracy} and {@code evaluateAccuracy} (D2L 3.6). */
package io.github.d2l4j.common.metrics;
