/**
 * D2L chapter 2, Preliminaries, in book order:
 *
 * <ol>
 *   <li>2.1 {@link io.github.d2l4j.ch02.DataManipulation}: INDArray, the tensor of this book;
 *   <li>2.2 {@link io.github.d2l4j.ch02.DataPreprocessing}: a CSV to numbers with DataVec;
 *   <li>2.3 {@link io.github.d2l4j.ch02.LinearAlgebra}: reductions, products, norms;
 *   <li>2.4 {@link io.github.d2l4j.ch02.Calculus}: derivatives as limits, and {@code plot};
 *   <li>2.5 {@link io.github.d2l4j.ch02.Autograd}: automatic differentiation with SameDiff;
 *   <li>2.6 {@link io.github.d2l4j.ch02.Probability}: sampling, Bayes, expectation;
 *   <li>2.7 {@link io.github.d2l4j.ch02.LookupApi}: finding functions and their documentation.
 * </ol>
 */
package io.github.d2l4j.ch02;
