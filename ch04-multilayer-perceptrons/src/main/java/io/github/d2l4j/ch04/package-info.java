/**
 * D2L chapter 4, Multilayer Perceptrons, in book order:
 *
 * <ol>
 *   <li>4.1 {@link io.github.d2l4j.ch04.Mlp}: activation functions and their gradients;
 *   <li>4.2 {@link io.github.d2l4j.ch04.MlpScratch}: an MLP from scratch;
 *   <li>4.3 {@link io.github.d2l4j.ch04.MlpConcise}: the same with DL4J;
 *   <li>4.4 {@link io.github.d2l4j.ch04.UnderfitOverfit}: polynomial regression, under- and overfitting;
 *   <li>4.5 {@link io.github.d2l4j.ch04.WeightDecay}: L2 regularisation, scratch and concise;
 *   <li>4.6 {@link io.github.d2l4j.ch04.Dropout}: dropout, scratch and concise;
 *   <li>4.7 {@link io.github.d2l4j.ch04.Backprop}: backpropagation by hand against SameDiff;
 *   <li>4.8 {@link io.github.d2l4j.ch04.NumericalStability}: vanishing and exploding gradients, Xavier;
 *   <li>4.10 {@link io.github.d2l4j.ch04.KaggleHousePrice}: house prices, end to end.
 * </ol>
 *
 * (4.9, Environment and Distribution Shift, has no code.)
 */
package io.github.d2l4j.ch04;
