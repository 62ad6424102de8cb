package io.github.d2l4j.common.block;

import io.github.d2l4j.common.model.TorchInit;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The book's {@code nn.Linear(in, out)}: \( XW^\top + b \), weight (out, in) and bias (out) as
 * PyTorch keeps them, both drawn from PyTorch's default \( U(-1/\sqrt{in}, 1/\sqrt{in}) \) from ND4J's
 * global RNG. (DL4J keeps a dense layer's weight as (in, out), and starts its bias at 0.)
 */
public final class Linear extends Block {
    private final int in;
    private final int out;

    public Linear(int in, int out) {
        if (in <= 0 || out <= 0) {
            throw new IllegalArgumentException("Linear needs positive sizes, got " + in + " -> " + out);
        }
        this.in = in;
        this.out = out;
        addParameter("weight", TorchInit.defaultUniform(in, out, in)); // nn.Linear: (out, in)
        addParameter("bias", TorchInit.defaultUniform(in, out));
    }

    @Override
    public SDVariable forward(SDVariable X) {
        return X.mmul(param(X, "weight").permute(1, 0)).add(param(X, "bias"));
    }

    public INDArray weight() {
        return parameter("weight");
    }

    public INDArray bias() {
        return parameter("bias");
    }

    @Override
    protected String describe() {
        return "Linear(in_features=" + in + ", out_features=" + out + ", bias=True)";
    }
}
