package io.github.d2l4j.common.seq2seq;

import java.util.HashMap;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Inverted dropout, PyTorch's {@code nn.Dropout(p)} in training: each element is zeroed with
 * probability p and the rest are scaled by 1/(1 - p). SameDiff M2.1's dropout ops cannot be
 * differentiated, so the random draws come in from outside: each dropout adds a placeholder of
 * U(0, 1) draws whose name ends in {@link #DRAWS}, and the graph keeps the elements whose draw is
 * at least p. {@link #draws} makes fresh draws for every such placeholder of a graph, from ND4J's
 * random generator (so the seed fixes them), before each training step.
 */
public final class Dropout {
    /** The end of a dropout placeholder's name. */
    public static final String DRAWS = "_dropoutDraws";

    private Dropout() {}

    /**
     * {@code X} with inverted dropout of probability {@code p}. {@code shape} is X's shape with -1
     * for the batch dimension, the one dimension that {@link #draws} fills in at each step;
     * {@code name} must be unique in the graph.
     */
    public static SDVariable apply(SDVariable X, double p, String name, long... shape) {
        if (!(p >= 0 && p < 1)) {
            throw new IllegalArgumentException("dropout probability must be in [0, 1), got " + p);
        }
        if (p == 0) {
            return X;
        }
        SameDiff sd = X.getSameDiff();
        SDVariable u = sd.placeHolder(name + DRAWS, DataType.FLOAT, shape);
        // A boolean mask: no gradient flows into the draws, only through X.
        SDVariable keep = u.gte(p).castTo(DataType.FLOAT).mul(1 / (1 - p));
        return X.mul(keep);
    }

    /** Fresh U(0, 1) draws for every dropout placeholder of {@code sd}, for a batch of {@code batchSize}. */
    public static Map<String, INDArray> draws(SameDiff sd, long batchSize) {
        Map<String, INDArray> feed = new HashMap<>();
        for (String name : sd.inputs()) {
            if (name.endsWith(DRAWS)) {
                long[] shape = sd.getVariable(name).placeholderShape().clone();
                for (int i = 0; i < shape.length; i++) {
                    shape[i] = shape[i] == -1 ? batchSize : shape[i];
                }
                feed.put(name, Nd4j.rand(DataType.FLOAT, shape));
            }
        }
        return feed;
    }
}
