/**
 * Sequence to sequence learning (D2L 9.6-9.7, and chapter 10's attention models on top): the
 * book's {@link io.github.d2l4j.common.seq2seq.Encoder}, {@link
 * io.github.d2l4j.common.seq2seq.Decoder} and {@link io.github.d2l4j.common.seq2seq.EncoderDecoder}
 * as SameDiff building blocks, the RNN encoder and decoder of 9.7 on a GRU in PyTorch's form
 * ({@link io.github.d2l4j.common.seq2seq.Gru}), the masked loss, {@code train_seq2seq}, {@code
 * predict_seq2seq} and {@code bleu} ({@link io.github.d2l4j.common.seq2seq.TrainSeq2seq}).
 *
 * <p>Why SameDiff and not DL4J's layers: the decoder starts from the encoder's final state, and the
 * gradient must flow back through that state into the encoder; no DL4J recurrent layer returns the
 * gradient of its initial state.
 */
package io.github.d2l4j.common.seq2seq;
