package io.github.d2l4j.common.attention;

import io.github.d2l4j.common.block.Linear;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Reshapes whose sizes SameDiff only learns when the graph runs. A SameDiff variable computed from
 * others has no static shape, so the book's {@code X.reshape(X.shape[0], X.shape[1], -1)} reads
 * the sizes from the graph's own {@code shape} op.
 */
final class Shapes {
    private Shapes() {}

    /** The sizes of {@code X}'s axes {@code from} to {@code from + count - 1}, as a graph value (count). */
    static SDVariable sizes(SDVariable X, int from, int count) {
        SameDiff sd = X.getSameDiff();
        return sd.slice(sd.shape(X).castTo(DataType.INT64), new int[] {from}, count);
    }

    /** {@code X} reshaped to {@code lead} (a graph value) followed by the fixed sizes {@code tail}. */
    static SDVariable reshape(SDVariable X, SDVariable lead, long... tail) {
        SameDiff sd = X.getSameDiff();
        return sd.reshape(X, sd.concat(0, lead, sd.constant(Nd4j.createFromArray(tail))));
    }

    /** {@code X} reshaped to the fixed sizes {@code head} followed by {@code rest} (a graph value). */
    static SDVariable reshapeHead(SDVariable X, SDVariable rest, long... head) {
        SameDiff sd = X.getSameDiff();
        return sd.reshape(X, sd.concat(0, sd.constant(Nd4j.createFromArray(head)), rest));
    }

    /**
     * PyTorch's {@code linear(X)} on X (batch, n, features): the layer acts on the last axis, as one
     * matrix product of all positions. With n known ({@code n > 0}) the result is reshaped to fixed
     * sizes; otherwise the sizes come from the graph (a few more small ops).
     */
    static SDVariable linear(Linear layer, SDVariable X, long n) {
        SDVariable Y = layer.forward(X.reshape(-1, layer.inFeatures()));
        return n > 0 ? Y.reshape(-1, n, layer.outFeatures()) : reshape(Y, sizes(X, 0, 2), layer.outFeatures());
    }

    /** The static size of axis {@code axis} of {@code X} where SameDiff knows it (a placeholder, a constant), else -1. */
    static long staticSize(SDVariable X, int axis) {
        long[] shape = X.getShape();
        return shape != null && shape.length > axis ? shape[axis] : -1;
    }
}
