/**
 * D2L chapter 3, Linear Neural Networks, in book order:
 *
 * <ol>
 *   <li>3.1 {@link io.github.d2l4j.ch03.LinearRegression}: vectorisation and the normal distribution;
 *   <li>3.2 {@link io.github.d2l4j.ch03.LinearRegressionScratch}: linear regression from scratch;
 *   <li>3.3 {@link io.github.d2l4j.ch03.LinearRegressionConcise}: the same with DL4J;
 *   <li>3.4 {@link io.github.d2l4j.ch03.SoftmaxRegression}: softmax, cross-entropy, LogSumExp;
 *   <li>3.5 {@link io.github.d2l4j.ch03.ImageClassificationDataset}: Fashion-MNIST;
 *   <li>3.6 {@link io.github.d2l4j.ch03.SoftmaxRegressionScratch}: softmax regression from scratch;
 *   <li>3.7 {@link io.github.d2l4j.ch03.SoftmaxRegressionConcise}: the same with DL4J.
 * </ol>
 */
package io.github.d2l4j.ch03;
