package io.github.d2l4j.ch07;

import static io.github.d2l4j.ch07.Params.conv;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.d2l4j.common.model.Dl4jNet;
import io.github.d2l4j.common.model.LayerShapes;
import io.github.d2l4j.common.model.LayerShapes.LayerShape;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class NinTest {

    /**
     * The book's walk-through on 1x1x224x224: each NiN block's last layer, each pool, the dropout,
     * and the global pool (the book's AdaptiveAvgPool2d and Flatten in one).
     */
    @Test
    void theBooksShapesAt224() {
        MultiLayerNetwork net = Nin.net(224, 0.1, 1);
        List<LayerShape> shapes = LayerShapes.of(net, Nd4j.rand(DataType.FLOAT, 1, 1, 224, 224));
        assertThat(shapes).hasSize(18); // 4 blocks of 3 convolutions, 3 pools, dropout, global pool, loss
        int[] bookRows = {2, 3, 6, 7, 10, 11, 12, 15, 16, 17};
        long[][] book = {
            {1, 96, 54, 54}, {1, 96, 26, 26}, {1, 256, 26, 26}, {1, 256, 12, 12}, {1, 384, 12, 12},
            {1, 384, 5, 5}, {1, 384, 5, 5}, {1, 10, 5, 5}, {1, 10}, {1, 10}
        };
        for (int i = 0; i < bookRows.length; i++) {
            assertThat(shapes.get(bookRows[i]).shape())
                    .as(shapes.get(bookRows[i]).toString())
                    .containsExactly(book[i]);
        }
        assertThat(shapes.get(12).name()).isEqualTo("DropoutLayer");
        assertThat(shapes.get(16).name()).isEqualTo("GlobalPoolingLayer");
        long expected = block(1, 96, 11) + block(96, 256, 5) + block(256, 384, 3) + block(384, 10, 3);
        assertThat(net.numParams()).isEqualTo(expected);
    }

    private static long block(long in, long out, long k) {
        return conv(in, out, k) + 2 * conv(out, out, 1);
    }

    /** No dense layer: the scores are the last block's channel averages, through softmax. */
    @Test
    void theScoresAreChannelAveragesAndTrainingStepsWork() {
        MultiLayerNetwork net = Nin.net(Nin.MIN_RESIZE, 0.1, 1);
        INDArray X = Nd4j.rand(DataType.FLOAT, 4, 1, 67, 67);
        INDArray lastBlock = net.feedForwardToLayer(15, X, false).get(16);
        INDArray expected = org.nd4j.linalg.ops.transforms.Transforms.softmax(lastBlock.mean(2, 3));
        assertThat(net.output(X).sub(expected).amaxNumber().doubleValue()).isLessThan(1e-5);
        INDArray y = Nd4j.zeros(DataType.FLOAT, 4, 10);
        y.putScalar(new int[] {0, 3}, 1).putScalar(new int[] {1, 1}, 1).putScalar(new int[] {2, 3}, 1);
        y.putScalar(new int[] {3, 0}, 1);
        var step = new Dl4jNet(net).trainStep(X, y); // the LossLayer's outputs are recorded too
        assertThat(step.yHat().shape()).containsExactly(4, 10);
        assertThat(step.lossSum()).isFinite().isPositive();
        assertThatThrownBy(() -> Nin.net(66, 0.1, 1)).hasMessage("NiN needs inputs of at least 67x67, got 66");
    }
}
