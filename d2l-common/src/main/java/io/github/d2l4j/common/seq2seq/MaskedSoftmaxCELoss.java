package io.github.d2l4j.common.seq2seq;

import io.github.d2l4j.common.train.Scratch;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The softmax cross-entropy loss with masks: the cross-entropy of every target token, weighted by
 * 1 for the tokens within the sequence's valid length and 0 for the padding after it, then
 * averaged over the steps of each sequence. As in the book, the mean divides by the number of steps
 * (10), not by the valid length, so a sequence's loss is its summed token losses over 10; the
 * epoch's printed loss, summed over sequences and divided by the valid tokens, is therefore a tenth
 * of the per-token cross-entropy or so, which is why the book's 0.019 is that small.
 *
 * <p>The book subclasses {@code nn.CrossEntropyLoss}, which reads the number of classes from the
 * predictions; a SameDiff graph needs it when it is built, so the constructor takes it.
 *
 * <p>Defined in D2L §9.7.
 */
public final class MaskedSoftmaxCELoss {
    private final int vocabSize;

    public MaskedSoftmaxCELoss(int vocabSize) {
        Scratch.requirePositive(vocabSize, "vocabulary size");
        this.vocabSize = vocabSize;
    }

    /**
     * The book's {@code forward(pred, label, valid_len)}: pred (batch, steps, vocab) logits, label
     * (batch, steps) token indices, validLen (batch). Returns one loss per sequence, (batch).
     */
    public SDVariable forward(SDVariable pred, SDVariable label, SDVariable validLen) {
        SameDiff sd = pred.getSameDiff();
        int numSteps = Encoder.numSteps(label);
        SDVariable weights = SequenceMask.mask(validLen, numSteps); // sequence_mask(ones_like(label), valid_len)
        SDVariable oneHot = sd.oneHot(label.reshape(-1), vocabSize, -1, 1.0, 0.0, DataType.FLOAT);
        SDVariable unweighted =
                Scratch.softmaxCrossEntropy(pred.reshape(-1, vocabSize), oneHot).reshape(-1, numSteps);
        return unweighted.mul(weights).mean(1);
    }

    /** {@link #forward} on arrays, evaluated at once, as calling the book's {@code loss(...)}. */
    public INDArray apply(INDArray pred, INDArray label, INDArray validLen) {
        SameDiff sd = SameDiff.create();
        SDVariable l = forward(
                sd.constant("pred", pred.castTo(DataType.FLOAT)),
                sd.constant("label", label.castTo(DataType.INT32)),
                sd.constant("validLen", validLen.castTo(DataType.INT32)));
        return l.eval();
    }
}
