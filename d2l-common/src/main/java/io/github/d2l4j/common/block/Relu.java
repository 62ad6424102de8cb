package io.github.d2l4j.common.block;

import org.nd4j.autodiff.samediff.SDVariable;

/** The book's {@code nn.ReLU()}: no parameters. */
public final class Relu extends Block {
    @Override
    public SDVariable forward(SDVariable X) {
        return X.getSameDiff().nn.relu(X, 0);
    }

    @Override
    protected String describe() {
        return "ReLU()";
    }
}
