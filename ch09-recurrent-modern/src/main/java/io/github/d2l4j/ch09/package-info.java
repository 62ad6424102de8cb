/**
 * D2L chapter 9, Modern Recurrent Neural Networks: gated recurrent units and long short-term
 * memory from scratch and as DL4J layers, deep and bidirectional recurrent networks on The Time
 * Machine, machine translation on the English-French pairs of fra-eng, the encoder-decoder
 * architecture, sequence-to-sequence learning with BLEU, and beam search.
 */
package io.github.d2l4j.ch09;
