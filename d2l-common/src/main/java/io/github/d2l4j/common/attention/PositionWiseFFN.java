package io.github.d2l4j.common.attention;

import io.github.d2l4j.common.block.Block;
import io.github.d2l4j.common.block.Linear;
import io.github.d2l4j.common.block.Relu;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The Transformer's position-wise feed-forward network: the same two-layer MLP at every position,
 *
 * <p>\( \mathrm{FFN}(x) = W_2\, \mathrm{ReLU}(W_1 x + b_1) + b_2 \),
 *
 * <p>applied over the last dimension of X (batch, steps, ffnNumInput), giving (batch, steps,
 * ffnNumOutputs): identical inputs at two positions give identical outputs. {@code dense1} and
 * {@code dense2} are {@link Linear} layers with PyTorch's default initialisation and biases. The
 * book puts no dropout here (trap 10).
 *
 * <p>Defined in D2L §10.7.
 */
public final class PositionWiseFFN extends Block {
    private final int ffnNumInput;
    private final int ffnNumOutputs;
    private final Linear dense1;
    private final Relu relu;
    private final Linear dense2;

    public PositionWiseFFN(int ffnNumInput, int ffnNumHiddens, int ffnNumOutputs) {
        if (ffnNumInput <= 0 || ffnNumHiddens <= 0 || ffnNumOutputs <= 0) {
            throw new IllegalArgumentException("PositionWiseFFN needs positive sizes, got " + ffnNumInput + ", "
                    + ffnNumHiddens + ", " + ffnNumOutputs);
        }
        this.ffnNumInput = ffnNumInput;
        this.ffnNumOutputs = ffnNumOutputs;
        this.dense1 = addChild("dense1", new Linear(ffnNumInput, ffnNumHiddens));
        this.relu = addChild("relu", new Relu());
        this.dense2 = addChild("dense2", new Linear(ffnNumHiddens, ffnNumOutputs));
    }

    /** {@code X} (..., ffnNumInput) to (..., ffnNumOutputs): the MLP on every position. */
    @Override
    public SDVariable forward(SDVariable X) {
        SameDiff sd = X.getSameDiff();
        // Every position is a row: (positions, in), then the leading dimensions come back
        SDVariable rows = dense2.forward(relu.forward(dense1.forward(X.reshape(-1, ffnNumInput))));
        SDVariable shape = sd.shape(X);
        SDVariable leading = sd.stridedSlice(shape, new long[] {0}, new long[] {-1}, 1);
        SDVariable outShape = sd.concat(0, leading, sd.constant(Nd4j.createFromArray((long) ffnNumOutputs)));
        return rows.reshape(outShape);
    }

    public Linear dense1() {
        return dense1;
    }

    public Linear dense2() {
        return dense2;
    }
}
