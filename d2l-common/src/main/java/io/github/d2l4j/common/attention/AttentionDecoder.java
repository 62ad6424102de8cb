package io.github.d2l4j.common.attention;

import io.github.d2l4j.common.seq2seq.Decoder;
import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * The base interface of decoders with attention: a {@link Decoder} whose last forward pass left its
 * attention weights to read, the book's {@code attention_weights} property. {@link
 * Decoder.Output#attentionWeights()} carries the same weights as one variable, which {@code
 * predict_seq2seq} collects.
 *
 * <p>Defined in D2L §10.4.
 */
public abstract class AttentionDecoder extends Decoder {
    /**
     * The book's {@code attention_weights}: the attention weights of the last {@link
     * #forward(SDVariable, List)}, as the decoder keeps them (for {@link Seq2SeqAttentionDecoder},
     * one (batch, 1, keys) variable per step); empty before the first pass. Fetch them by {@link
     * SDVariable#name()} from the graph's output.
     */
    public abstract List<SDVariable> attentionWeights();
}
