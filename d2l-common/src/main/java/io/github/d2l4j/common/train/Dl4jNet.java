package io.github.d2l4j.common.train;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A DL4J network as a {@link Net}: DL4J owns the loss and the updater (the book's {@code
 * torch.optim} branch of {@code train_epoch_ch3}), so a step is one {@code fit} call.
 */
public final class Dl4jNet implements Net {
    private final MultiLayerNetwork net;

    public Dl4jNet(MultiLayerNetwork net) {
        this.net = net;
    }

    @Override
    public INDArray forward(INDArray X) {
        return net.output(X, false);
    }

    @Override
    public Step trainStep(INDArray X, INDArray y) {
        // The outputs before the update, as the book's y_hat; fit() does not hand its own back.
        INDArray yHat = net.output(X, false);
        net.fit(X, y);
        // score() is the batch's mean loss from fit's forward pass (no regulariser here).
        return new Step(net.score() * X.size(0), yHat);
    }

    public MultiLayerNetwork network() {
        return net;
    }
}
