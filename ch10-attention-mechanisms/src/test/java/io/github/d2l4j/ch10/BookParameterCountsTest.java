package io.github.d2l4j.ch10;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.d2l4j.common.attention.Seq2SeqAttentionDecoder;
import io.github.d2l4j.common.attention.TransformerDecoder;
import io.github.d2l4j.common.attention.TransformerEncoder;
import io.github.d2l4j.common.seq2seq.EncoderDecoder;
import io.github.d2l4j.common.seq2seq.Seq2SeqEncoder;
import org.junit.jupiter.api.Test;

/**
 * The trained models of 10.4 and 10.7 at the book's settings have PyTorch's numbers of parameters
 * (its {@code sum(p.numel() for p in net.parameters())}, {@code benchmarks/pytorch/attention.py
 * --check}), on the vocabularies of the book's 600 examples: 184 source and 201 target tokens.
 */
class BookParameterCountsTest {
    private static final int SRC_VOCAB = 184;
    private static final int TGT_VOCAB = 201;

    @Test
    void bahdanausModelHas49449Parameters() {
        EncoderDecoder net = new EncoderDecoder(
                new Seq2SeqEncoder(SRC_VOCAB, 32, 32, 2, 0.1), new Seq2SeqAttentionDecoder(TGT_VOCAB, 32, 32, 2, 0.1));
        assertThat(net.numParams()).isEqualTo(49_449);
    }

    @Test
    void theTransformerHas60937Parameters() {
        long[] normShape = {32};
        EncoderDecoder net = new EncoderDecoder(
                new TransformerEncoder(SRC_VOCAB, 32, 32, 32, 32, normShape, 32, 64, 4, 2, 0.1),
                new TransformerDecoder(TGT_VOCAB, 32, 32, 32, 32, normShape, 32, 64, 4, 2, 0.1));
        assertThat(net.numParams()).isEqualTo(60_937);
    }
}
