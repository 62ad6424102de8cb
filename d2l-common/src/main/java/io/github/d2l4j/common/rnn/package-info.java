/**
 * Recurrent language models (D2L chapters 8 and 9): the {@link
 * io.github.d2l4j.common.rnn.LanguageModel} that {@code train_ch8} and {@code predict_ch8} train
 * and sample, the from-scratch {@link io.github.d2l4j.common.rnn.RNNModelScratch} over SameDiff,
 * the concise {@link io.github.d2l4j.common.rnn.RNNModel} over a DL4J network, and the DL4J
 * layer they need ({@link io.github.d2l4j.common.rnn.TbpttSimpleRnn}).
 */
package io.github.d2l4j.common.rnn;
