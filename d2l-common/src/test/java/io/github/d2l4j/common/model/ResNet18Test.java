package io.github.d2l4j.common.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.d2l4j.common.model.LayerShapes.LayerShape;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;

class ResNet18Test {

    private static final ComputationGraph NET = ResNet18.resnet18(10, 1, 28, new Sgd(0.1), 1);

    /** On 28x28 Fashion-MNIST: no halving in the stem and the first stage, then three halvings. */
    @Test
    void theShapesOfEachBlockOn28x28() {
        List<LayerShape> shapes = LayerShapes.of(NET, Nd4j.rand(DataType.FLOAT, 2, 1, 28, 28), ResNet18.BLOCKS);
        assertThat(shapes.stream().map(LayerShape::toString))
                .containsExactly(
                        "stem output shape:\t[2, 64, 28, 28]",
                        "resnet_block1 output shape:\t[2, 64, 28, 28]",
                        "resnet_block2 output shape:\t[2, 128, 14, 14]",
                        "resnet_block3 output shape:\t[2, 256, 7, 7]",
                        "resnet_block4 output shape:\t[2, 512, 4, 4]",
                        "global_avg_pool output shape:\t[2, 512]",
                        "fc output shape:\t[2, 10]");
    }

    /**
     * PyTorch's {@code sum(p.numel() for p in d2l.resnet18(10, 1).parameters())} is 11,175,818.
     * DL4J counts batch norm's running mean and variance among the parameters too, PyTorch keeps
     * them as buffers: two more numbers per batch-norm channel.
     */
    @Test
    void asManyParametersAsPyTorchsResNet18() {
        long bnChannels = 64 + 2 * 2 * (64 + 128 + 256 + 512);
        assertThat(NET.numParams() - 2 * bnChannels).isEqualTo(11_175_818L);
    }

    /** The book's init_weights: N(0, 0.01²) on convolution and dense weights; PyTorch's default biases. */
    @Test
    void theBooksInitialisation() {
        INDArray w = NET.getParam("resnet_block3.1.conv1_W");
        assertThat(w.meanNumber().doubleValue()).isCloseTo(0, within(1e-4));
        assertThat(w.stdNumber().doubleValue()).isCloseTo(0.01, within(2e-4));
        assertThat(NET.getParam("fc_W").stdNumber().doubleValue()).isCloseTo(0.01, within(1e-3));
        double bound = 1 / Math.sqrt(512);
        INDArray b = NET.getParam("fc_b");
        assertThat(b.amaxNumber().doubleValue()).isLessThanOrEqualTo(bound).isGreaterThan(bound / 10);
        assertThat(NET.getParam("stem.bn_gamma").minNumber().doubleValue()).isEqualTo(1.0);
    }

    @Test
    void theSameSeedGivesTheSameWeights() {
        ComputationGraph again = ResNet18.resnet18(10, 1, 28, new Sgd(0.1), 1);
        assertThat(again.params()).isEqualTo(NET.params());
    }

    @Test
    void refusesSizesItCannotBuild() {
        assertThatThrownBy(() -> ResNet18.resnet18(0, 1, 28, new Sgd(0.1), 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got 0 and 1");
        assertThatThrownBy(() -> ResNet18.resnet18(10, 1, 4, new Sgd(0.1), 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got 4");
    }
}
