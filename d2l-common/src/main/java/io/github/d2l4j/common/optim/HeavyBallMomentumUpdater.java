package io.github.d2l4j.common.optim;

import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.learning.GradientUpdater;

/**
 * The state and step of {@link HeavyBallMomentum}: one velocity v per parameter,
 *
 * <pre>
 * v &lt;- momentum * v + g
 * update = lr * v        (DL4J then does p &lt;- p - update)
 * </pre>
 *
 * <p>DL4J's updaters overwrite the gradient in place with the update that the network subtracts from
 * the parameters; this one does the same, so {@code p - lr * v} is the book's {@code p -= lr * v}.
 *
 * <p>Defined in D2L §11.6.
 */
public final class HeavyBallMomentumUpdater implements GradientUpdater<HeavyBallMomentum> {

    /** The key of the velocity in {@link #getState()}. */
    public static final String V_STATE = "V";

    private final HeavyBallMomentum config;
    private INDArray v;

    /**
     * An updater with no state yet; DL4J calls {@link #setStateViewArray} or {@link #setState}.
     *
     * @param config the hyperparameters
     */
    public HeavyBallMomentumUpdater(HeavyBallMomentum config) {
        this.config = config;
    }

    @Override
    public HeavyBallMomentum getConfig() {
        return config;
    }

    @Override
    public void setState(Map<String, INDArray> stateMap, boolean initialize) {
        if (stateMap == null || !stateMap.containsKey(V_STATE) || stateMap.size() != 1) {
            throw new IllegalArgumentException("HeavyBallMomentumUpdater: state must hold only key " + V_STATE
                    + ", got " + (stateMap == null ? null : stateMap.keySet()));
        }
        v = stateMap.get(V_STATE);
        if (initialize) {
            v.assign(0);
        }
    }

    @Override
    public Map<String, INDArray> getState() {
        return Collections.singletonMap(V_STATE, v);
    }

    @Override
    public void setStateViewArray(INDArray viewArray, long[] gradientShape, char gradientOrder, boolean initialize) {
        if (!viewArray.isRowVectorOrScalar()) {
            throw new IllegalArgumentException("HeavyBallMomentumUpdater: state view must be a row vector, got shape "
                    + Arrays.toString(viewArray.shape()));
        }
        if (initialize) {
            viewArray.assign(0); // v_0 = 0, so v_1 = g_1: PyTorch's clone of the first gradient
        }
        v = Shape.newShapeNoCopy(viewArray, gradientShape, gradientOrder == 'f');
        if (v == null) {
            throw new IllegalStateException("HeavyBallMomentumUpdater: could not reshape the state view");
        }
    }

    @Override
    public void applyUpdater(INDArray gradient, int iteration, int epoch) {
        if (v == null) {
            throw new IllegalStateException("HeavyBallMomentumUpdater: state has not been initialised");
        }
        double lr = config.getLearningRate(iteration, epoch);
        v.muli(config.momentum()).addi(gradient.reshape(v.shape())); // v <- momentum * v + g
        // the update lr * v, written into the gradient as every DL4J updater does
        gradient.assign(v.reshape(gradient.ordering(), gradient.shape())).muli(lr);
    }
}
