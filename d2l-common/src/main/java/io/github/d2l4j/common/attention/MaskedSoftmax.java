package io.github.d2l4j.common.attention;

import java.util.Arrays;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The book's {@code masked_softmax}: a softmax over the last axis of scores X (batch, queries, keys)
 * that gives no weight to the keys past each valid length,
 *
 * <p>\( \mathrm{softmax}(x)_j = \exp(x_j) / \sum_{j'} \exp(x_{j'}) \), with \( x_j = -10^6 \) for
 * every key \( j \ge \) the valid length.
 *
 * <p>The valid lengths are null (a plain softmax), one per batch element (batch), for all of its
 * queries, or one per query (batch, queries). As in the book the masked scores are set to -1e6, not
 * minus infinity, so a row whose valid length is 0 becomes uniform over all keys (not zeros, not
 * NaN), and a valid length above the number of keys masks nothing: the book's {@code
 * predict_seq2seq} passes one. The mask is built from the graph's own shapes, so the rank of the
 * valid lengths need not be known when the graph is built: a (batch, m) array applies per query
 * when m is the number of queries and per batch element when m is 1.
 *
 * <p>Defined in D2L §10.3.
 */
public final class MaskedSoftmax {
    /** The book's fill for masked scores. */
    public static final double MASK_VALUE = -1e6;

    private MaskedSoftmax() {}

    /**
     * The book's {@code masked_softmax(X, valid_lens)} on SameDiff variables: X (batch, queries,
     * keys), validLens null, (batch) or (batch, queries), of any numeric type. The mask has no
     * gradient. The number of keys comes from X's static shape where SameDiff knows it.
     *
     * <p>Defined in D2L §10.3.
     */
    public static SDVariable maskedSoftmax(SDVariable X, SDVariable validLens) {
        return maskedSoftmax(X, validLens, Shapes.staticSize(X, 2));
    }

    /**
     * {@link #maskedSoftmax(SDVariable, SDVariable)} with the number of keys given (-1 where
     * unknown), for X computed in the graph: with it the key positions are a constant, without it
     * they are counted in the graph, a few more ops.
     *
     * <p>Defined in D2L §10.3.
     */
    public static SDVariable maskedSoftmax(SDVariable X, SDVariable validLens, long numKeys) {
        if (validLens == null) {
            return softmax(X);
        }
        SDVariable mask = mask(X, validLens, numKeys);
        // the book's X[~mask] = -1e6, as X * mask + (1 - mask) * -1e6: masked entries get no gradient
        SDVariable masked = X.mul(mask).add(mask.rsub(1).mul(MASK_VALUE));
        return softmax(masked);
    }

    /**
     * The softmax over the last axis of X (batch, queries, keys). SameDiff M2.1's {@code
     * sd.nn.softmax} gives NaN in double precision for a row of -1e6 (a valid length of 0), where
     * the book's row is uniform; in float it is right (and its gradient cheaper than that of the
     * softmax written out), so it is used for float and half, and \( \exp(x_j - m) / \sum_{j'}
     * \exp(x_{j'} - m) \), m the row's maximum, written from ops, for double.
     */
    static SDVariable softmax(SDVariable X) {
        SameDiff sd = X.getSameDiff();
        if (X.dataType() != DataType.DOUBLE) {
            return sd.nn.softmax(X, 2);
        }
        SDVariable e = sd.math.exp(X.sub(X.max(true, 2)));
        return e.div(e.sum(true, 2));
    }

    /**
     * The book's {@code sequence_mask} for scores X (batch, queries, keys): 1 where the key's index
     * is below the valid length of its row, 0 elsewhere, in X's data type.
     */
    static SDVariable mask(SDVariable X, SDVariable validLens, long numKeys) {
        SameDiff sd = X.getSameDiff();
        // 0, 1, ..., keys - 1 along the last axis: a constant, or, where the number of keys is not
        // known, a running count of ones made from X (SameDiff's onesLike and range ops log a warning
        // when a gradient is taken)
        SDVariable positions = numKeys > 0
                ? sd.constant(Nd4j.arange(numKeys).castTo(X.dataType()).reshape(1, 1, numKeys))
                : sd.cumsum(X.mul(0).add(1), true, false, 2);
        // (batch) -> (batch, 1, 1) and (batch, queries) -> (batch, queries, 1): both broadcast over the keys
        SDVariable lens = Shapes.reshape(validLens.castTo(X.dataType()), Shapes.sizes(X, 0, 1), -1, 1);
        return positions.lt(lens).castTo(X.dataType());
    }

    /**
     * {@link #maskedSoftmax(SDVariable, SDVariable)} on arrays, evaluated at once: X (batch,
     * queries, keys), validLens null, (batch) or (batch, queries).
     *
     * <p>Defined in D2L §10.3.
     */
    public static INDArray maskedSoftmax(INDArray X, INDArray validLens) {
        if (X.rank() != 3) {
            throw new IllegalArgumentException(
                    "maskedSoftmax needs scores of shape (batch, queries, keys), got " + Arrays.toString(X.shape()));
        }
        if (validLens != null) {
            boolean perBatch = validLens.rank() == 1 && validLens.size(0) == X.size(0);
            boolean perQuery =
                    validLens.rank() == 2 && validLens.size(0) == X.size(0) && validLens.size(1) == X.size(1);
            if (!perBatch && !perQuery) {
                throw new IllegalArgumentException("maskedSoftmax needs valid lengths of shape (batch) or (batch,"
                        + " queries) for scores " + Arrays.toString(X.shape()) + ", got "
                        + Arrays.toString(validLens.shape()));
            }
        }
        SameDiff sd = SameDiff.create();
        SDVariable lens = validLens == null ? null : sd.constant("validLens", validLens);
        return maskedSoftmax(sd.constant("X", X), lens).eval();
    }
}
