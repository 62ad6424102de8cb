/**
 * D2L chapter 10, Attention Mechanisms: attention cues and heatmaps, attention pooling as
 * Nadaraya-Watson kernel regression, attention scoring functions, Bahdanau attention, multi-head
 * attention, self-attention and positional encoding, and the Transformer, trained on fra-eng.
 */
package io.github.d2l4j.ch10;
