package io.github.d2l4j.common.block;

import io.github.d2l4j.common.model.TorchInit;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The book's {@code nn.Linear(in, out)}: \( XW^\top + b \), weight (out, in) and bias (out) as
 * PyTorch keeps them, both drawn from PyTorch's default \( U(-1/\sqrt{in}, 1/\sqrt{in}) \) from ND4J's
 * global RNG. (DL4J keeps a dense layer's weight as (in, out), and starts its bias at 0.) {@code
 * new Linear(in, out, false)} is {@code nn.Linear(in, out, bias=False)}: the weight alone, drawn the
 * same way (chapter 10's attention projections).
 */
public final class Linear extends Block {
    private final int in;
    private final int out;
    private final boolean bias;

    public Linear(int in, int out) {
        this(in, out, true);
    }

    public Linear(int in, int out, boolean bias) {
        if (in <= 0 || out <= 0) {
            throw new IllegalArgumentException("Linear needs positive sizes, got " + in + " -> " + out);
        }
        this.in = in;
        this.out = out;
        this.bias = bias;
        addParameter("weight", TorchInit.defaultUniform(in, out, in)); // nn.Linear: (out, in)
        if (bias) {
            addParameter("bias", TorchInit.defaultUniform(in, out));
        }
    }

    @Override
    public SDVariable forward(SDVariable X) {
        SDVariable XW = X.mmul(param(X, "weight").permute(1, 0));
        return bias ? XW.add(param(X, "bias")) : XW;
    }

    public INDArray weight() {
        return parameter("weight");
    }

    /** The bias; an IllegalArgumentException for a layer made without one. */
    public INDArray bias() {
        return parameter("bias");
    }

    public boolean hasBias() {
        return bias;
    }

    public int inFeatures() {
        return in;
    }

    public int outFeatures() {
        return out;
    }

    @Override
    protected String describe() {
        return "Linear(in_features=" + in + ", out_features=" + out + ", bias=" + (bias ? "True" : "False") + ")";
    }
}
