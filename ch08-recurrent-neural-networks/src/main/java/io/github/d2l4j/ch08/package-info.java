/**
 * D2L chapter 8, Recurrent Neural Networks: sequence models, text preprocessing and language
 * models on The Time Machine, and a recurrent neural network from scratch over SameDiff and with
 * DL4J's {@code SimpleRnn} layer, both trained by {@code trainCh8} with one global gradient norm.
 */
package io.github.d2l4j.ch08;
