"""The book's chapter 10 (attention mechanisms) in PyTorch on the CPU: d2l-zh 2.0's masked_softmax,
AdditiveAttention, DotProductAttention (10.3), AttentionDecoder and Seq2SeqAttentionDecoder (10.4),
MultiHeadAttention with transpose_qkv/transpose_output (10.5), PositionalEncoding (10.6),
PositionWiseFFN, AddNorm, EncoderBlock, TransformerEncoder, DecoderBlock and TransformerDecoder (10.7),
on chapter 9's data, EncoderDecoder, Seq2SeqEncoder, train_seq2seq, predict_seq2seq and bleu
(imported from seq2seq.py, the book's 9.5-9.7 code).

Setups, the book's hyperparameters:
  10.4  Bahdanau attention: embed 32, 32 hidden units, 2 GRU layers, dropout 0.1, batch 64, 10 steps,
        Adam lr 0.005, 250 epochs (9.7's settings, 250 epochs).
  10.7  Transformer: 32 hidden units, 2 layers, dropout 0.1, batch 64, 10 steps, Adam lr 0.005,
        200 epochs, FFN 32 -> 64 -> 32, 4 heads, key/query/value size 32, norm_shape [32].
Both train with train_seq2seq (xavier_uniform_ on every nn.Linear and nn.GRU weight; embeddings
N(0, 1), layer norms (1, 0), biases PyTorch's defaults; gradients clipped to a global norm of 1).

Prints per-epoch lines and the book's four translations with BLEU (k=2) to stderr, and one JSON line
to stdout like seq2seq.py: seconds per training epoch (the median of train_seq2seq's per-epoch
Timer), the last epoch's loss as train_seq2seq prints it, every epoch's loss, the translations with
their BLEU (null with the error where the book's bleu() divides by zero), the number of parameters,
the attention-weight shapes the book shows (10.4: the heatmap of `i'm home .`; 10.7: the encoder's
(layers, heads, steps, steps) and the decoder's self and cross attention for `i'm home .`), the BLAS
library and the peak RSS.

    /usr/bin/python3 attention.py --setup 10.4|10.7 [--epochs N] [--seed 42] [--threads 1] [--fra-eng ZIP]
    /usr/bin/python3 attention.py --check      # the chapter's printed figures that need no training

The book's quirks are kept: masked_softmax fills with -1e6 (a row with no valid key is uniform);
Seq2SeqAttentionDecoder concatenates (context, embedding); in prediction the Transformer decoder is in
eval mode (no causal mask, the key-value cache of state[2] instead) and gets one token per call, so
PositionalEncoding adds P[:, :1] to every generated token (position 0 at every step).
"""
import argparse
import hashlib
import json
import math
import resource
import sys

import torch
from torch import nn

from book import blas_library
from seq2seq import (Decoder, Encoder, EncoderDecoder, KNOWN_ZIPS, Seq2SeqEncoder, bleu, device, engs,
                     fra_eng_zip, fras, load_data_nmt, predict_seq2seq, sequence_mask, train_seq2seq)


# ---- 10.3 attention scoring functions ----

def masked_softmax(X, valid_lens):
    """Softmax over the last axis with the elements past each valid length masked out."""
    # X: a 3-D tensor; valid_lens: a 1-D or 2-D tensor
    if valid_lens is None:
        return nn.functional.softmax(X, dim=-1)
    else:
        shape = X.shape
        if valid_lens.dim() == 1:
            valid_lens = torch.repeat_interleave(valid_lens, shape[1])
        else:
            valid_lens = valid_lens.reshape(-1)
        # masked elements on the last axis become a very large negative value, so their softmax is 0
        X = sequence_mask(X.reshape(-1, shape[-1]), valid_lens,
                          value=-1e6)
        return nn.functional.softmax(X.reshape(shape), dim=-1)


class AdditiveAttention(nn.Module):
    """Additive attention."""

    def __init__(self, key_size, query_size, num_hiddens, dropout, **kwargs):
        super(AdditiveAttention, self).__init__(**kwargs)
        self.W_k = nn.Linear(key_size, num_hiddens, bias=False)
        self.W_q = nn.Linear(query_size, num_hiddens, bias=False)
        self.w_v = nn.Linear(num_hiddens, 1, bias=False)
        self.dropout = nn.Dropout(dropout)

    def forward(self, queries, keys, values, valid_lens):
        queries, keys = self.W_q(queries), self.W_k(keys)
        # after the broadcast: queries (batch_size, no. of queries, 1, num_hiddens),
        # keys (batch_size, 1, no. of key-value pairs, num_hiddens), summed
        features = queries.unsqueeze(2) + keys.unsqueeze(1)
        features = torch.tanh(features)
        # self.w_v has one output: the last axis goes. scores (batch_size, no. of queries, no. of keys)
        scores = self.w_v(features).squeeze(-1)
        self.attention_weights = masked_softmax(scores, valid_lens)
        # values (batch_size, no. of key-value pairs, value dimension)
        return torch.bmm(self.dropout(self.attention_weights), values)


class DotProductAttention(nn.Module):
    """Scaled dot-product attention."""

    def __init__(self, dropout, **kwargs):
        super(DotProductAttention, self).__init__(**kwargs)
        self.dropout = nn.Dropout(dropout)

    # queries (batch_size, no. of queries, d), keys (batch_size, no. of key-value pairs, d),
    # values (batch_size, no. of key-value pairs, value dimension),
    # valid_lens (batch_size,) or (batch_size, no. of queries)
    def forward(self, queries, keys, values, valid_lens=None):
        d = queries.shape[-1]
        # transpose_b=True: swap the last two axes of keys
        scores = torch.bmm(queries, keys.transpose(1, 2)) / math.sqrt(d)
        self.attention_weights = masked_softmax(scores, valid_lens)
        return torch.bmm(self.dropout(self.attention_weights), values)


# ---- 10.4 Bahdanau attention ----

class AttentionDecoder(Decoder):
    """The base interface of a decoder with attention."""

    def __init__(self, **kwargs):
        super(AttentionDecoder, self).__init__(**kwargs)

    @property
    def attention_weights(self):
        raise NotImplementedError


class Seq2SeqAttentionDecoder(AttentionDecoder):
    def __init__(self, vocab_size, embed_size, num_hiddens, num_layers,
                 dropout=0, **kwargs):
        super(Seq2SeqAttentionDecoder, self).__init__(**kwargs)
        self.attention = AdditiveAttention(
            num_hiddens, num_hiddens, num_hiddens, dropout)
        self.embedding = nn.Embedding(vocab_size, embed_size)
        self.rnn = nn.GRU(
            embed_size + num_hiddens, num_hiddens, num_layers,
            dropout=dropout)
        self.dense = nn.Linear(num_hiddens, vocab_size)

    def init_state(self, enc_outputs, enc_valid_lens, *args):
        # outputs (batch_size, num_steps, num_hiddens) after the permute,
        # hidden_state (num_layers, batch_size, num_hiddens)
        outputs, hidden_state = enc_outputs
        return (outputs.permute(1, 0, 2), hidden_state, enc_valid_lens)

    def forward(self, X, state):
        # enc_outputs (batch_size, num_steps, num_hiddens),
        # hidden_state (num_layers, batch_size, num_hiddens)
        enc_outputs, hidden_state, enc_valid_lens = state
        # X after the permute: (num_steps, batch_size, embed_size)
        X = self.embedding(X).permute(1, 0, 2)
        outputs, self._attention_weights = [], []
        for x in X:
            # query (batch_size, 1, num_hiddens): the last layer's hidden state
            query = torch.unsqueeze(hidden_state[-1], dim=1)
            # context (batch_size, 1, num_hiddens)
            context = self.attention(
                query, enc_outputs, enc_outputs, enc_valid_lens)
            # concatenated on the feature axis: context first, then the embedding
            x = torch.cat((context, torch.unsqueeze(x, dim=1)), dim=-1)
            # x becomes (1, batch_size, embed_size + num_hiddens)
            out, hidden_state = self.rnn(x.permute(1, 0, 2), hidden_state)
            outputs.append(out)
            self._attention_weights.append(self.attention.attention_weights)
        # after the dense layer: (num_steps, batch_size, vocab_size)
        outputs = self.dense(torch.cat(outputs, dim=0))
        return outputs.permute(1, 0, 2), [enc_outputs, hidden_state,
                                          enc_valid_lens]

    @property
    def attention_weights(self):
        return self._attention_weights


# ---- 10.5 multi-head attention ----

class MultiHeadAttention(nn.Module):
    """Multi-head attention."""

    def __init__(self, key_size, query_size, value_size, num_hiddens,
                 num_heads, dropout, bias=False, **kwargs):
        super(MultiHeadAttention, self).__init__(**kwargs)
        self.num_heads = num_heads
        self.attention = DotProductAttention(dropout)
        self.W_q = nn.Linear(query_size, num_hiddens, bias=bias)
        self.W_k = nn.Linear(key_size, num_hiddens, bias=bias)
        self.W_v = nn.Linear(value_size, num_hiddens, bias=bias)
        self.W_o = nn.Linear(num_hiddens, num_hiddens, bias=bias)

    def forward(self, queries, keys, values, valid_lens):
        # queries, keys, values: (batch_size, no. of queries or key-value pairs, num_hiddens);
        # valid_lens (batch_size,) or (batch_size, no. of queries).
        # After transpose_qkv: (batch_size * num_heads, no. of queries or key-value pairs,
        # num_hiddens / num_heads)
        queries = transpose_qkv(self.W_q(queries), self.num_heads)
        keys = transpose_qkv(self.W_k(keys), self.num_heads)
        values = transpose_qkv(self.W_v(values), self.num_heads)

        if valid_lens is not None:
            # on axis 0, copy the first item (scalar or vector) num_heads times, then the next ...
            valid_lens = torch.repeat_interleave(
                valid_lens, repeats=self.num_heads, dim=0)

        # output (batch_size * num_heads, no. of queries, num_hiddens / num_heads)
        output = self.attention(queries, keys, values, valid_lens)

        # output_concat (batch_size, no. of queries, num_hiddens)
        output_concat = transpose_output(output, self.num_heads)
        return self.W_o(output_concat)


def transpose_qkv(X, num_heads):
    """Reshape for the parallel computation of several attention heads."""
    # X in: (batch_size, no. of queries or key-value pairs, num_hiddens);
    # out: (batch_size, no. of queries or key-value pairs, num_heads, num_hiddens / num_heads)
    X = X.reshape(X.shape[0], X.shape[1], num_heads, -1)

    # (batch_size, num_heads, no. of queries or key-value pairs, num_hiddens / num_heads)
    X = X.permute(0, 2, 1, 3)

    # (batch_size * num_heads, no. of queries or key-value pairs, num_hiddens / num_heads)
    return X.reshape(-1, X.shape[2], X.shape[3])


def transpose_output(X, num_heads):
    """Reverse transpose_qkv."""
    X = X.reshape(-1, num_heads, X.shape[1], X.shape[2])
    X = X.permute(0, 2, 1, 3)
    return X.reshape(X.shape[0], X.shape[1], -1)


# ---- 10.6 self-attention and positional encoding ----

class PositionalEncoding(nn.Module):
    """Positional encoding."""

    def __init__(self, num_hiddens, dropout, max_len=1000):
        super(PositionalEncoding, self).__init__()
        self.dropout = nn.Dropout(dropout)
        # a long enough P
        self.P = torch.zeros((1, max_len, num_hiddens))
        X = torch.arange(max_len, dtype=torch.float32).reshape(
            -1, 1) / torch.pow(10000, torch.arange(
            0, num_hiddens, 2, dtype=torch.float32) / num_hiddens)
        self.P[:, :, 0::2] = torch.sin(X)
        self.P[:, :, 1::2] = torch.cos(X)

    def forward(self, X):
        X = X + self.P[:, :X.shape[1], :].to(X.device)
        return self.dropout(X)


# ---- 10.7 Transformer ----

class PositionWiseFFN(nn.Module):
    """The position-wise feed-forward network."""

    def __init__(self, ffn_num_input, ffn_num_hiddens, ffn_num_outputs,
                 **kwargs):
        super(PositionWiseFFN, self).__init__(**kwargs)
        self.dense1 = nn.Linear(ffn_num_input, ffn_num_hiddens)
        self.relu = nn.ReLU()
        self.dense2 = nn.Linear(ffn_num_hiddens, ffn_num_outputs)

    def forward(self, X):
        return self.dense2(self.relu(self.dense1(X)))


class AddNorm(nn.Module):
    """Residual connection followed by layer normalisation."""

    def __init__(self, normalized_shape, dropout, **kwargs):
        super(AddNorm, self).__init__(**kwargs)
        self.dropout = nn.Dropout(dropout)
        self.ln = nn.LayerNorm(normalized_shape)

    def forward(self, X, Y):
        return self.ln(self.dropout(Y) + X)


class EncoderBlock(nn.Module):
    """A Transformer encoder block."""

    def __init__(self, key_size, query_size, value_size, num_hiddens,
                 norm_shape, ffn_num_input, ffn_num_hiddens, num_heads,
                 dropout, use_bias=False, **kwargs):
        super(EncoderBlock, self).__init__(**kwargs)
        self.attention = MultiHeadAttention(
            key_size, query_size, value_size, num_hiddens, num_heads, dropout,
            use_bias)
        self.addnorm1 = AddNorm(norm_shape, dropout)
        self.ffn = PositionWiseFFN(
            ffn_num_input, ffn_num_hiddens, num_hiddens)
        self.addnorm2 = AddNorm(norm_shape, dropout)

    def forward(self, X, valid_lens):
        Y = self.addnorm1(X, self.attention(X, X, X, valid_lens))
        return self.addnorm2(Y, self.ffn(Y))


class TransformerEncoder(Encoder):
    """The Transformer encoder."""

    def __init__(self, vocab_size, key_size, query_size, value_size,
                 num_hiddens, norm_shape, ffn_num_input, ffn_num_hiddens,
                 num_heads, num_layers, dropout, use_bias=False, **kwargs):
        super(TransformerEncoder, self).__init__(**kwargs)
        self.num_hiddens = num_hiddens
        self.embedding = nn.Embedding(vocab_size, num_hiddens)
        self.pos_encoding = PositionalEncoding(num_hiddens, dropout)
        self.blks = nn.Sequential()
        for i in range(num_layers):
            self.blks.add_module("block" + str(i),
                                 EncoderBlock(key_size, query_size, value_size, num_hiddens,
                                              norm_shape, ffn_num_input, ffn_num_hiddens,
                                              num_heads, dropout, use_bias))

    def forward(self, X, valid_lens, *args):
        # the positional encoding lies in [-1, 1]: the embedding is scaled by the square root of the
        # embedding dimension before they are added
        X = self.pos_encoding(self.embedding(X) * math.sqrt(self.num_hiddens))
        self.attention_weights = [None] * len(self.blks)
        for i, blk in enumerate(self.blks):
            X = blk(X, valid_lens)
            self.attention_weights[
                i] = blk.attention.attention.attention_weights
        return X


class DecoderBlock(nn.Module):
    """The i-th block of the decoder."""

    def __init__(self, key_size, query_size, value_size, num_hiddens,
                 norm_shape, ffn_num_input, ffn_num_hiddens, num_heads,
                 dropout, i, **kwargs):
        super(DecoderBlock, self).__init__(**kwargs)
        self.i = i
        self.attention1 = MultiHeadAttention(
            key_size, query_size, value_size, num_hiddens, num_heads, dropout)
        self.addnorm1 = AddNorm(norm_shape, dropout)
        self.attention2 = MultiHeadAttention(
            key_size, query_size, value_size, num_hiddens, num_heads, dropout)
        self.addnorm2 = AddNorm(norm_shape, dropout)
        self.ffn = PositionWiseFFN(ffn_num_input, ffn_num_hiddens,
                                   num_hiddens)
        self.addnorm3 = AddNorm(norm_shape, dropout)

    def forward(self, X, state):
        enc_outputs, enc_valid_lens = state[0], state[1]
        # In training all tokens of the output sequence are processed at once, so state[2][self.i]
        # is None. In prediction, one token at a time, state[2][self.i] holds the decoded
        # representations of block i up to the current step
        if state[2][self.i] is None:
            key_values = X
        else:
            key_values = torch.cat((state[2][self.i], X), axis=1)
        state[2][self.i] = key_values
        if self.training:
            batch_size, num_steps, _ = X.shape
            # dec_valid_lens (batch_size, num_steps): each row is [1, 2, ..., num_steps]
            dec_valid_lens = torch.arange(
                1, num_steps + 1, device=X.device).repeat(batch_size, 1)
        else:
            dec_valid_lens = None

        # self-attention
        X2 = self.attention1(X, key_values, key_values, dec_valid_lens)
        Y = self.addnorm1(X, X2)
        # encoder-decoder attention; enc_outputs (batch_size, num_steps, num_hiddens)
        Y2 = self.attention2(Y, enc_outputs, enc_outputs, enc_valid_lens)
        Z = self.addnorm2(Y, Y2)
        return self.addnorm3(Z, self.ffn(Z)), state


class TransformerDecoder(AttentionDecoder):
    def __init__(self, vocab_size, key_size, query_size, value_size,
                 num_hiddens, norm_shape, ffn_num_input, ffn_num_hiddens,
                 num_heads, num_layers, dropout, **kwargs):
        super(TransformerDecoder, self).__init__(**kwargs)
        self.num_hiddens = num_hiddens
        self.num_layers = num_layers
        self.embedding = nn.Embedding(vocab_size, num_hiddens)
        self.pos_encoding = PositionalEncoding(num_hiddens, dropout)
        self.blks = nn.Sequential()
        for i in range(num_layers):
            self.blks.add_module("block" + str(i),
                                 DecoderBlock(key_size, query_size, value_size, num_hiddens,
                                              norm_shape, ffn_num_input, ffn_num_hiddens,
                                              num_heads, dropout, i))
        self.dense = nn.Linear(num_hiddens, vocab_size)

    def init_state(self, enc_outputs, enc_valid_lens, *args):
        return [enc_outputs, enc_valid_lens, [None] * self.num_layers]

    def forward(self, X, state):
        # in predict_seq2seq X is one token: P[:, :1] is added, position 0 at every step (trap 11)
        X = self.pos_encoding(self.embedding(X) * math.sqrt(self.num_hiddens))
        self._attention_weights = [[None] * len(self.blks) for _ in range(2)]
        for i, blk in enumerate(self.blks):
            X, state = blk(X, state)
            # the decoder's self-attention weights
            self._attention_weights[0][
                i] = blk.attention1.attention.attention_weights
            # the encoder-decoder attention weights
            self._attention_weights[1][
                i] = blk.attention2.attention.attention_weights
        return self.dense(X), state

    @property
    def attention_weights(self):
        return self._attention_weights


# ---- the runs ----

def bahdanau(src_vocab, tgt_vocab):
    """10.4's net at the book's settings (9.7's)."""
    embed_size, num_hiddens, num_layers, dropout = 32, 32, 2, 0.1
    encoder = Seq2SeqEncoder(
        len(src_vocab), embed_size, num_hiddens, num_layers, dropout)
    decoder = Seq2SeqAttentionDecoder(
        len(tgt_vocab), embed_size, num_hiddens, num_layers, dropout)
    return EncoderDecoder(encoder, decoder)


TRANSFORMER = dict(num_hiddens=32, num_layers=2, dropout=0.1, ffn_num_input=32, ffn_num_hiddens=64,
                   num_heads=4, key_size=32, query_size=32, value_size=32, norm_shape=[32])


def transformer(src_vocab, tgt_vocab):
    """10.7's net at the book's settings."""
    t = TRANSFORMER
    encoder = TransformerEncoder(
        len(src_vocab), t['key_size'], t['query_size'], t['value_size'], t['num_hiddens'],
        t['norm_shape'], t['ffn_num_input'], t['ffn_num_hiddens'], t['num_heads'],
        t['num_layers'], t['dropout'])
    decoder = TransformerDecoder(
        len(tgt_vocab), t['key_size'], t['query_size'], t['value_size'], t['num_hiddens'],
        t['norm_shape'], t['ffn_num_input'], t['ffn_num_hiddens'], t['num_heads'],
        t['num_layers'], t['dropout'])
    return EncoderDecoder(encoder, decoder)


SETUPS = {'10.4': (bahdanau, 250), '10.7': (transformer, 200)}


def translate(net, src_vocab, tgt_vocab, num_steps):
    """The book's last cells: each sentence, its translation and BLEU (k=2), with the attention weights
    saved (predict_seq2seq(..., True)); BLEU null where the book's bleu() divides by zero. Returns the
    rows and the last sentence's dec_attention_weight_seq (the book's heatmaps are of `i'm home .`)."""
    out, dec_attention_weight_seq = [], None
    for eng, fra in zip(engs, fras):
        translation, dec_attention_weight_seq = predict_seq2seq(
            net, eng, src_vocab, tgt_vocab, num_steps, device, True)
        try:
            score, error = bleu(translation, fra, k=2), None
            print(f'{eng} => {translation}, ', f'bleu {score:.3f}', file=sys.stderr)
        except ZeroDivisionError as e:  # the book's bleu on a prediction shorter than k
            score, error = None, f'ZeroDivisionError: {e}'
            print(f'{eng} => {translation}, bleu fails ({error})', file=sys.stderr)
        out.append({'source': eng, 'label': fra, 'translation': translation, 'bleu': score, 'bleu_error': error})
    return out, dec_attention_weight_seq


def bahdanau_heatmap(dec_attention_weight_seq, num_steps):
    """10.4's heatmap tensor: one row of weights over the source per decoding step."""
    return torch.cat([step[0][0][0] for step in dec_attention_weight_seq], 0).reshape((
        1, 1, -1, num_steps))


def transformer_weights(net, dec_attention_weight_seq, num_steps):
    """10.7's enc_attention_weights and the decoder's self and cross attention weights, as the book
    builds them (pandas' fillna(0.0) written out: each row padded with zeros to num_steps)."""
    num_layers, num_heads = TRANSFORMER['num_layers'], TRANSFORMER['num_heads']
    enc_attention_weights = torch.cat(net.encoder.attention_weights, 0).reshape(
        (num_layers, num_heads, -1, num_steps))
    dec_attention_weights_2d = [head[0].tolist()
                                for step in dec_attention_weight_seq
                                for attn in step for blk in attn for head in blk]
    dec_attention_weights_filled = torch.tensor(
        [row + [0.0] * (num_steps - len(row)) for row in dec_attention_weights_2d])
    dec_attention_weights = dec_attention_weights_filled.reshape((-1, 2, num_layers, num_heads, num_steps))
    dec_self_attention_weights, dec_inter_attention_weights = \
        dec_attention_weights.permute(1, 2, 3, 0, 4)
    return enc_attention_weights, dec_self_attention_weights, dec_inter_attention_weights


def close(t, expected, tol=1e-4):
    return torch.allclose(t, torch.tensor(expected, dtype=torch.float32), atol=tol, rtol=0)


def num_params(net):
    return sum(p.numel() for p in net.parameters())


def check(zip_path):
    """The chapter's printed figures that need no training, asserted."""
    # 10.2: batch matrix multiplication
    X, Y = torch.ones((2, 1, 4)), torch.ones((2, 4, 6))
    assert tuple(torch.bmm(X, Y).shape) == (2, 1, 6)
    weights = torch.ones((2, 10)) * 0.1
    values = torch.arange(20.0).reshape((2, 10))
    assert close(torch.bmm(weights.unsqueeze(1), values.unsqueeze(-1)), [[[4.5]], [[14.5]]], 1e-5)
    assert len(torch.arange(0, 5, 0.1)) == 50  # n_test

    # 10.3: masked softmax, its zero patterns, and both scorings' demos
    A = masked_softmax(torch.rand(2, 2, 4), torch.tensor([2, 3]))
    assert close(A.sum(-1), [[1, 1], [1, 1]], 1e-6)
    assert (A[0, :, 2:] == 0).all() and (A[1, :, 3] == 0).all() and (A[0, :, :2] > 0).all() \
        and (A[1, :, :3] > 0).all(), A
    A = masked_softmax(torch.rand(2, 2, 4), torch.tensor([[1, 3], [2, 4]]))
    assert [[int((row > 0).sum()) for row in b] for b in A] == [[1, 3], [2, 4]], A
    assert A[0, 0, 0] == 1 and (A[0, 1, 3] == 0) and (A[1, 0, 2:] == 0).all(), A
    A = masked_softmax(torch.rand(1, 1, 4), torch.tensor([0]))  # -1e6 everywhere: uniform, trap 9
    assert close(A, [[[0.25] * 4]], 1e-6), A
    queries, keys = torch.normal(0, 1, (2, 1, 20)), torch.ones((2, 10, 2))
    # values of the two batches are identical
    values = torch.arange(40, dtype=torch.float32).reshape(1, 10, 4).repeat(
        2, 1, 1)
    valid_lens = torch.tensor([2, 6])
    attention = AdditiveAttention(key_size=2, query_size=20, num_hiddens=8,
                                  dropout=0.1)
    attention.eval()
    expected = [[[2., 3., 4., 5.]], [[10., 11., 12., 13.]]]
    assert close(attention(queries, keys, values, valid_lens), expected, 1e-5)
    uniform = [[[0.5, 0.5] + [0] * 8], [[1 / 6] * 6 + [0] * 4]]
    assert close(attention.attention_weights, uniform, 1e-6), attention.attention_weights
    queries = torch.normal(0, 1, (2, 1, 2))
    attention = DotProductAttention(dropout=0.5)
    attention.eval()
    assert close(attention(queries, keys, values, valid_lens), expected, 1e-5)
    assert close(attention.attention_weights, uniform, 1e-6), attention.attention_weights

    # 10.4: the decoder's demo shapes
    encoder = Seq2SeqEncoder(vocab_size=10, embed_size=8, num_hiddens=16,
                             num_layers=2)
    encoder.eval()
    decoder = Seq2SeqAttentionDecoder(vocab_size=10, embed_size=8, num_hiddens=16,
                                      num_layers=2)
    decoder.eval()
    X = torch.zeros((4, 7), dtype=torch.long)  # (batch_size, num_steps)
    state = decoder.init_state(encoder(X), None)
    output, state = decoder(X, state)
    shapes = (tuple(output.shape), len(state), tuple(state[0].shape), len(state[1]), tuple(state[1][0].shape))
    assert shapes == ((4, 7, 10), 3, (4, 7, 16), 2, (4, 16)), shapes
    assert len(decoder.attention_weights) == 7 and tuple(decoder.attention_weights[0].shape) == (4, 1, 7)

    # 10.5: multi-head attention
    num_hiddens, num_heads = 100, 5
    attention = MultiHeadAttention(num_hiddens, num_hiddens, num_hiddens,
                                   num_hiddens, num_heads, 0.5)
    attention.eval()
    assert num_params(attention) == 40000, num_params(attention)
    batch_size, num_queries = 2, 4
    num_kvpairs, valid_lens = 6, torch.tensor([3, 2])
    X = torch.ones((batch_size, num_queries, num_hiddens))
    Y = torch.ones((batch_size, num_kvpairs, num_hiddens))
    assert tuple(attention(X, Y, Y, valid_lens).shape) == (2, 4, 100)
    weights = attention.attention.attention_weights  # (batch * heads, queries, keys), batch-major
    assert tuple(weights.shape) == (10, 4, 6)
    assert (weights[:5, :, 3:] == 0).all() and (weights[5:, :, 2:] == 0).all(), weights
    Z = torch.randn(3, 7, 20)
    assert torch.equal(transpose_output(transpose_qkv(Z, 4), 4), Z)

    # 10.6: self-attention and the positional encoding
    batch_size, num_queries, valid_lens = 2, 4, torch.tensor([3, 2])
    X = torch.ones((batch_size, num_queries, num_hiddens))
    assert tuple(attention(X, X, X, valid_lens).shape) == (2, 4, 100)
    encoding_dim, num_steps = 32, 60
    pos_encoding = PositionalEncoding(encoding_dim, 0)
    pos_encoding.eval()
    X = pos_encoding(torch.zeros((1, num_steps, encoding_dim)))
    P = pos_encoding.P[:, :X.shape[1], :]
    assert torch.equal(X, P)
    assert close(P[0, 0, :4], [0, 1, 0, 1], 1e-7)
    assert close(P[0, 1, 6:10], [0.1769, 0.9842, 0.0998, 0.9950], 5e-5), P[0, 1, 6:10]
    assert close(P[0, 59, 6:10], [-0.8758, -0.4827, -0.3739, 0.9275], 5e-5), P[0, 59, 6:10]
    binary = [f'{i}的二进制是：{i:>03b}' for i in range(8)]
    assert binary[0] == '0的二进制是：000' and binary[5] == '5的二进制是：101' and binary[7] == '7的二进制是：111'

    # 10.7: the blocks
    ffn = PositionWiseFFN(4, 4, 8)
    ffn.eval()
    rows = ffn(torch.ones((2, 3, 4)))[0]
    assert tuple(rows.shape) == (3, 8) and torch.equal(rows[0], rows[1]) and torch.equal(rows[0], rows[2])
    ln = nn.LayerNorm(2)
    bn = nn.BatchNorm1d(2)
    X = torch.tensor([[1, 2], [2, 3]], dtype=torch.float32)
    # in training mode, mean and variance from X
    assert close(ln(X), [[-1, 1], [-1, 1]], 1e-4), ln(X)
    assert close(bn(X), [[-1, -1], [1, 1]], 1e-4), bn(X)
    assert close(ln(X), [[-0.99998, 0.99998], [-0.99998, 0.99998]], 1e-5), ln(X)  # eps 1e-5
    add_norm = AddNorm([3, 4], 0.5)
    add_norm.eval()
    assert tuple(add_norm(torch.ones((2, 3, 4)), torch.ones((2, 3, 4))).shape) == (2, 3, 4)
    X = torch.ones((2, 100, 24))
    valid_lens = torch.tensor([3, 2])
    encoder_blk = EncoderBlock(24, 24, 24, 24, [100, 24], 24, 48, 8, 0.5)
    encoder_blk.eval()
    assert tuple(encoder_blk(X, valid_lens).shape) == (2, 100, 24)
    assert num_params(encoder_blk) == 14280, num_params(encoder_blk)
    encoder = TransformerEncoder(
        200, 24, 24, 24, 24, [100, 24], 24, 48, 8, 2, 0.5)
    encoder.eval()
    assert tuple(encoder(torch.ones((2, 100), dtype=torch.long), valid_lens).shape) == (2, 100, 24)
    assert len(encoder.attention_weights) == 2 and tuple(encoder.attention_weights[0].shape) == (16, 100, 100)
    decoder_blk = DecoderBlock(24, 24, 24, 24, [100, 24], 24, 48, 8, 0.5, 0)
    decoder_blk.eval()
    X = torch.ones((2, 100, 24))
    state = [encoder_blk(X, valid_lens), valid_lens, [None]]
    assert tuple(decoder_blk(X, state)[0].shape) == (2, 100, 24)
    # training mode: the causal mask, no position sees a later one
    causal_blk = DecoderBlock(24, 24, 24, 24, [24], 24, 48, 8, 0.5, 0)
    causal_blk.train()
    causal_blk(torch.randn(2, 5, 24), [torch.randn(2, 7, 24), valid_lens, [None]])
    w = causal_blk.attention1.attention.attention_weights  # (2 * 8, 5, 5)
    assert (torch.triu(w, diagonal=1) == 0).all(), w[0]

    # 10.7 at the book's settings: the encoder's attention weights (layers, heads, steps, steps) after a
    # prediction, untrained
    torch.manual_seed(0)
    _, src_vocab, tgt_vocab = load_data_nmt(64, 10, zip_path=zip_path)
    net = transformer(src_vocab, tgt_vocab)
    _, dec_attention_weight_seq = predict_seq2seq(net, "i'm home .", src_vocab, tgt_vocab, 10, device, True)
    enc_w, dec_self, dec_inter = transformer_weights(net, dec_attention_weight_seq, 10)
    n = len(dec_attention_weight_seq)
    assert tuple(enc_w.shape) == (2, 4, 10, 10), enc_w.shape
    assert tuple(dec_self.shape) == tuple(dec_inter.shape) == (2, 4, n, 10), (dec_self.shape, dec_inter.shape)
    print(json.dumps({'check': 'ok', 'mha_params': 40000, 'encoder_block_params': 14280,
                      'P_0_1_6_10': [round(v, 4) for v in P[0, 1, 6:10].tolist()],
                      'transformer_params': num_params(net), 'bahdanau_params': num_params(bahdanau(src_vocab, tgt_vocab))}))


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--setup', choices=sorted(SETUPS))
    p.add_argument('--epochs', type=int, help="default: the book's (10.4: 250, 10.7: 200)")
    p.add_argument('--seed', type=int, default=42)
    p.add_argument('--threads', type=int, default=1)
    p.add_argument('--fra-eng', help='fra-eng.zip (default: $D2L_FRA_ENG, $D2L_HUB/fra-eng.zip, the shared copy)')
    p.add_argument('--check', action='store_true', help="the chapter's printed figures that need no training")
    a = p.parse_args()
    if (a.epochs is not None and a.epochs < 1) or a.threads < 1:
        p.error(f'--epochs {a.epochs} and --threads {a.threads} must be at least 1')
    if not a.check and a.setup is None:
        p.error('--setup is required unless --check')
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    zip_path = fra_eng_zip(a.fra_eng)
    with open(zip_path, 'rb') as f:
        zip_sha1 = hashlib.sha1(f.read()).hexdigest()
    if zip_sha1 not in KNOWN_ZIPS:
        print(f'warning: {zip_path} has SHA-1 {zip_sha1}, neither of {sorted(KNOWN_ZIPS)}', file=sys.stderr)
    if a.check:
        check(zip_path)
        return 0

    make_net, book_epochs = SETUPS[a.setup]
    batch_size, num_steps = 64, 10
    lr, num_epochs = 0.005, a.epochs or book_epochs

    train_iter, src_vocab, tgt_vocab = load_data_nmt(batch_size, num_steps, zip_path=zip_path)
    net = make_net(src_vocab, tgt_vocab)
    loss_per_epoch, seconds, speed = train_seq2seq(net, train_iter, lr, num_epochs, tgt_vocab, device)
    translations, dec_attention_weight_seq = translate(net, src_vocab, tgt_vocab, num_steps)
    if a.setup == '10.4':
        shapes = {'attention_heatmap': list(bahdanau_heatmap(dec_attention_weight_seq, num_steps).shape)}
    else:
        enc_w, dec_self, dec_inter = transformer_weights(net, dec_attention_weight_seq, num_steps)
        shapes = {'enc_attention_weights': list(enc_w.shape), 'dec_self_attention_weights': list(dec_self.shape),
                  'dec_inter_attention_weights': list(dec_inter.shape)}
    print(json.dumps({'setup': a.setup, 'threads': a.threads, 'seed': a.seed, 'epochs': num_epochs,
                      'sec_per_epoch': sorted(seconds)[len(seconds) // 2], 'seconds': seconds,
                      'loss': loss_per_epoch[-1], 'tokens_per_sec': speed, 'loss_per_epoch': loss_per_epoch,
                      'bleu': [t['bleu'] for t in translations], 'translations': translations,
                      'num_params': num_params(net), 'attention_shapes': shapes,
                      'src_vocab': len(src_vocab), 'tgt_vocab': len(tgt_vocab),
                      'fra_eng': zip_path, 'fra_eng_sha1': zip_sha1,
                      'max_rss_kb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, 'blas': blas_library()}))
    return 0


if __name__ == '__main__':
    sys.exit(main())
