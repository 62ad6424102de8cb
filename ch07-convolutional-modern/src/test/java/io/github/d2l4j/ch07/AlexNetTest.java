package io.github.d2l4j.ch07;

import static io.github.d2l4j.ch07.Params.conv;
import static io.github.d2l4j.ch07.Params.dense;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.d2l4j.common.model.LayerShapes;
import io.github.d2l4j.common.model.LayerShapes.LayerShape;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

class AlexNetTest {

    /** The book's walk-through on one 1x1x224x224 image (ReLUs are part of DL4J's layers). */
    @Test
    void theBooksShapesAt224() {
        MultiLayerNetwork net = AlexNet.net(224, 0.01, 1);
        List<LayerShape> shapes = LayerShapes.of(net, Nd4j.rand(DataType.FLOAT, 1, 1, 224, 224));
        assertThat(shapes)
                .extracting(LayerShape::name)
                .containsExactly(
                        "ConvolutionLayer",
                        "SubsamplingLayer",
                        "ConvolutionLayer",
                        "SubsamplingLayer",
                        "ConvolutionLayer",
                        "ConvolutionLayer",
                        "ConvolutionLayer",
                        "SubsamplingLayer",
                        "Flatten",
                        "DenseLayer",
                        "DropoutLayer",
                        "DenseLayer",
                        "DropoutLayer",
                        "OutputLayer");
        assertThat(shapes)
                .extracting(LayerShape::shape)
                .containsExactly(
                        new long[] {1, 96, 54, 54},
                        new long[] {1, 96, 26, 26},
                        new long[] {1, 256, 26, 26},
                        new long[] {1, 256, 12, 12},
                        new long[] {1, 384, 12, 12},
                        new long[] {1, 384, 12, 12},
                        new long[] {1, 256, 12, 12},
                        new long[] {1, 256, 5, 5},
                        new long[] {1, 6400},
                        new long[] {1, 4096},
                        new long[] {1, 4096},
                        new long[] {1, 4096},
                        new long[] {1, 4096},
                        new long[] {1, 10});
        long expected = conv(1, 96, 11)
                + conv(96, 256, 5)
                + conv(256, 384, 3)
                + conv(384, 384, 3)
                + conv(384, 256, 3)
                + dense(6400, 4096)
                + dense(4096, 4096)
                + dense(4096, 10);
        assertThat(net.numParams()).isEqualTo(expected).isEqualTo(46_764_746L);
    }

    @Test
    void theSmallestInputIs65() {
        MultiLayerNetwork net = AlexNet.net(AlexNet.MIN_RESIZE, 0.01, 1);
        assertThat(net.output(Nd4j.rand(DataType.FLOAT, 2, 1, 65, 65)).shape()).containsExactly(2, 10);
        assertThat(net.getLayer(8).getParam("W").shape()).containsExactly(256, 4096); // 256x1x1 flattened
        assertThatThrownBy(() -> AlexNet.net(64, 0.01, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("AlexNet needs inputs of at least 65x65, got 64");
    }

    @Test
    void biasesArePyTorchsDefaultAndDropoutKeepsHalf() {
        MultiLayerNetwork net = AlexNet.net(65, 0.01, 1);
        double bound = 1 / Math.sqrt(1 * 11 * 11);
        assertThat(net.getLayer(0).getParam("b").amaxNumber().doubleValue())
                .isPositive()
                .isLessThanOrEqualTo(bound);
        var dropout = (org.deeplearning4j.nn.conf.layers.DropoutLayer)
                net.getLayer(9).conf().getLayer();
        assertThat(((org.deeplearning4j.nn.conf.dropout.Dropout) dropout.getIDropout()).getP())
                .isEqualTo(0.5);
    }
}
