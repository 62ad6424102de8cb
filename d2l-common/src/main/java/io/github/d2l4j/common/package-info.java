/**
 * The Java face of the book's {@code d2l} package: every {@code #@save} helper that chapters 2-3
 * use, under the book's names, arranged by purpose.
 *
 * <ul>
 *   <li>{@link io.github.d2l4j.common.data}: {@code syntheticData}, {@code loadArray},
 *       Fashion-MNIST ({@code loadDataFashionMnist}, {@code getFashionMnistLabels}) and the
 *       in-memory iterators;
 *   <li>{@link io.github.d2l4j.common.metrics}: {@code Timer}, {@code Accumulator}, {@code
 *       accuracy}, {@code evaluateAccuracy};
 *   <li>{@link io.github.d2l4j.common.plot}: {@code plot}, {@code setAxes}, {@code Animator},
 *       {@code showImages}, written as PNG and SVG files;
 *   <li>{@link io.github.d2l4j.common.train}: {@code linreg}, {@code squaredLoss}, {@code sgd},
 *       {@code trainEpochCh3}, {@code trainCh3}, {@code predictCh3};
 *   <li>{@link io.github.d2l4j.common.run}: the section runner behind {@code ./d2l}.
 * </ul>
 */
package io.github.d2l4j.common;
