package io.github.d2l4j.common.seq2seq;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The book's {@code sequence_mask}: hides the entries of a minibatch of sequences past each
 * sequence's valid length.
 *
 * <p>Defined in D2L §9.7.
 */
public final class SequenceMask {
    private SequenceMask() {}

    /**
     * The book's {@code sequence_mask(X, valid_len, value)}: sets every entry {@code X[i, t, ...]}
     * with {@code t >= validLen[i]} to {@code value}. Like the book's, it changes {@code X} in place,
     * and returns it. X: (batch, steps, ...); validLen: (batch).
     *
     * <p>Defined in D2L §9.7.
     */
    public static INDArray sequenceMask(INDArray X, INDArray validLen, double value) {
        if (X.rank() < 2 || validLen.length() != X.size(0)) {
            throw new IllegalArgumentException("sequenceMask needs X of shape (batch, steps, ...) and one valid length"
                    + " per sequence, got X " + java.util.Arrays.toString(X.shape()) + " and "
                    + validLen.length() + " valid lengths");
        }
        long maxlen = X.size(1);
        for (long i = 0; i < X.size(0); i++) {
            long from = Math.max(0, Math.min(maxlen, validLen.getLong(i)));
            if (from < maxlen) {
                X.get(NDArrayIndex.point(i), NDArrayIndex.interval(from, maxlen))
                        .assign(value);
            }
        }
        return X;
    }

    /** {@link #sequenceMask(INDArray, INDArray, double)} with the book's default value, 0. */
    public static INDArray sequenceMask(INDArray X, INDArray validLen) {
        return sequenceMask(X, validLen, 0);
    }

    /**
     * The mask itself on SameDiff variables: (batch, maxlen), 1 where {@code t < validLen[i]} and 0
     * elsewhere, the book's {@code torch.arange(maxlen)[None, :] < valid_len[:, None]} as floats.
     * No gradient flows through it.
     */
    public static SDVariable mask(SDVariable validLen, int maxlen) {
        SameDiff sd = validLen.getSameDiff();
        SDVariable positions =
                sd.constant(Nd4j.arange(maxlen).castTo(DataType.FLOAT).reshape(1, maxlen));
        return positions.lt(validLen.castTo(DataType.FLOAT).reshape(-1, 1)).castTo(DataType.FLOAT);
    }

    /**
     * {@link #sequenceMask(INDArray, INDArray, double)} on SameDiff variables, for X (batch, maxlen):
     * a new variable, as a graph cannot change X in place.
     *
     * <p>Defined in D2L §9.7.
     */
    public static SDVariable sequenceMask(SDVariable X, SDVariable validLen, int maxlen, double value) {
        SDVariable m = mask(validLen, maxlen);
        return value == 0 ? X.mul(m) : X.mul(m).add(m.rsub(1).mul(value));
    }
}
