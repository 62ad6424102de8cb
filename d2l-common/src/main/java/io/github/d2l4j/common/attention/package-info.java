/**
 * Attention mechanisms (D2L chapter 10) as SameDiff building blocks: the book's {@code
 * masked_softmax} ({@link io.github.d2l4j.common.attention.MaskedSoftmax}), the two scoring
 * functions of 10.3 ({@link io.github.d2l4j.common.attention.AdditiveAttention}, {@link
 * io.github.d2l4j.common.attention.DotProductAttention}) and the multi-head attention of 10.5
 * ({@link io.github.d2l4j.common.attention.MultiHeadAttention}), each readable after a forward pass
 * through {@link io.github.d2l4j.common.attention.Attention#attentionWeights()}; Bahdanau's decoder
 * of 10.4 ({@link io.github.d2l4j.common.attention.AttentionDecoder}, {@link
 * io.github.d2l4j.common.attention.Seq2SeqAttentionDecoder}); the positional encoding of 10.6
 * ({@link io.github.d2l4j.common.attention.PositionalEncoding}); and the Transformer's parts of 10.7
 * ({@link io.github.d2l4j.common.attention.PositionWiseFFN}, {@link
 * io.github.d2l4j.common.attention.LayerNorm}, {@link io.github.d2l4j.common.attention.AddNorm},
 * {@link io.github.d2l4j.common.attention.EncoderBlock}, {@link
 * io.github.d2l4j.common.attention.TransformerEncoder}, {@link
 * io.github.d2l4j.common.attention.DecoderBlock}, {@link
 * io.github.d2l4j.common.attention.TransformerDecoder}).
 *
 * <p>Why not ND4J's own attention ops: {@code sd.nn.multiHeadDotProductAttention} takes only a mask
 * per key, feature-major, so it has neither the book's per-query valid lengths nor the Transformer
 * decoder's causal mask, and the book's -1e6 fill (a row without valid keys is uniform) differs
 * from it; so {@code masked_softmax} is written from ops with a gradient.
 */
package io.github.d2l4j.common.attention;
