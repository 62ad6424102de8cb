package io.github.d2l4j.common.data;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The book's English-French machine-translation data set (D2L §9.5): reading {@code fra-eng},
 * preprocessing, tokenizing, and the minibatches of {@code load_data_nmt}.
 *
 * <p>Defined in D2L §9.5.
 */
public final class MachineTranslation {
    private MachineTranslation() {}

    /**
     * One minibatch of {@code load_data_nmt}: source and target token indices, (batch, numSteps),
     * each row ending in {@code <eos>} and then {@code <pad>} unless truncated, and their valid
     * lengths, (batch), which count the {@code <eos>}. Indices are INT64.
     */
    public record Batch(INDArray X, INDArray XValidLen, INDArray Y, INDArray YValidLen) {}

    /** The book's {@code data_iter, src_vocab, tgt_vocab}; the iterator shuffles every pass. */
    public record NmtData(Iterable<Batch> dataIter, Vocab srcVocab, Vocab tgtVocab) {}

    /**
     * The book's {@code truncate_pad}: the first {@code numSteps} tokens of {@code line}, or the
     * line followed by {@code paddingToken} up to {@code numSteps}.
     *
     * <p>Defined in D2L §9.5.
     */
    public static int[] truncatePad(int[] line, int numSteps, int paddingToken) {
        if (numSteps < 1) {
            throw new IllegalArgumentException("numSteps must be at least 1, got " + numSteps);
        }
        int[] out = Arrays.copyOf(line, numSteps); // truncates, or pads with zeros
        Arrays.fill(out, Math.min(line.length, numSteps), numSteps, paddingToken);
        return out;
    }
}
