/**
 * Training: the from-scratch building blocks ({@code linreg}, {@code squaredLoss}, {@code sgd},
 * D2L 3.2), the {@link io.github.d2l4j.common.model.Net} a model offers to the loop (a SameDiff
 * graph or a DL4J network), and the one chapter 3 loop ({@code trainEpochCh3}, {@code trainCh3},
 * {@code predictCh3}, D2L 3.6).
 */
package io.github.d2l4j.common.train;
