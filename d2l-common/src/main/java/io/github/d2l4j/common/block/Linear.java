package io.github.d2l4j.common.block;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

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
        double bound = 1 / Math.sqrt(in);
        addParameter(
                "weight", Nd4j.rand(DataType.FLOAT, out, in).muli(2 * bound).subi(bound));
        addParameter("bias", Nd4j.rand(DataType.FLOAT, out).muli(2 * bound).subi(bound));
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
