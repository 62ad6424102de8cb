package io.github.d2l4j.ch07;

import static io.github.d2l4j.ch07.Params.bn;
import static io.github.d2l4j.ch07.Params.bnBuffers;
import static io.github.d2l4j.ch07.Params.conv;
import static io.github.d2l4j.ch07.Params.dense;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.d2l4j.common.model.LayerShapes;
import io.github.d2l4j.common.model.LayerShapes.LayerShape;
import io.github.d2l4j.common.model.ResNet18;
import java.util.List;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ResNetTest {

    /** The book's two checks: a residual block on (4, 3, 6, 6), without and with the 1x1 convolution. */
    @Test
    void residualBlocksKeepOrHalveTheShape() {
        INDArray X = Nd4j.rand(DataType.FLOAT, 4, 3, 6, 6);
        assertThat(residual(3, false, 1).outputSingle(X).shape()).containsExactly(4, 3, 6, 6);
        assertThat(residual(6, true, 2).outputSingle(X).shape()).containsExactly(4, 6, 3, 3);
    }

    private static ComputationGraph residual(int numChannels, boolean use1x1conv, int strides) {
        GraphBuilder g = new NeuralNetConfiguration.Builder()
                .graphBuilder()
                .addInputs("X")
                .setInputTypes(InputType.convolutional(6, 6, 3));
        g.setOutputs(ResNet18.residual(g, "blk", numChannels, use1x1conv, strides, "X"));
        ComputationGraph blk = new ComputationGraph(g.build());
        blk.init();
        return blk;
    }

    /** Without the 1x1 convolution the input is added unchanged: Y = ReLU(F(X) + X). */
    @Test
    void theShortcutAddsTheInput() {
        ComputationGraph blk = residual(3, false, 1);
        INDArray X = Nd4j.rand(DataType.FLOAT, 4, 3, 6, 6);
        var acts = blk.feedForward(X, false);
        INDArray expected = org.nd4j.linalg.ops.transforms.Transforms.relu(
                acts.get("blk.bn2").add(X));
        assertThat(acts.get("blk").sub(expected).amaxNumber().doubleValue()).isLessThan(1e-6);
    }

    /** The book's walk-through on 1x1x224x224. */
    @Test
    void theBooksShapesAt224() {
        ComputationGraph net = ResNet.net(224, 0.05, 1);
        List<LayerShape> shapes = LayerShapes.of(net, Nd4j.rand(DataType.FLOAT, 1, 1, 224, 224), ResNet.BLOCKS);
        assertThat(shapes)
                .extracting(LayerShape::shape)
                .containsExactly(
                        new long[] {1, 64, 56, 56},
                        new long[] {1, 64, 56, 56},
                        new long[] {1, 128, 28, 28},
                        new long[] {1, 256, 14, 14},
                        new long[] {1, 512, 7, 7},
                        new long[] {1, 512},
                        new long[] {1, 10});
        long trainable = conv(1, 64, 7) + bn(64);
        long buffers = bnBuffers(64);
        int in = 64;
        for (int c : new int[] {64, 128, 256, 512}) {
            boolean first = c == 64;
            trainable += residualParams(in, c, !first) + residualParams(c, c, false);
            buffers += 4 * bnBuffers(c);
            in = c;
        }
        trainable += dense(512, 10);
        assertThat(trainable)
                .isEqualTo(11_178_378L); // the book's ResNet-18 (convolutions with biases), 1 channel in, 10 classes
        assertThat(net.numParams()).isEqualTo(trainable + buffers);
    }

    private static long residualParams(long in, long out, boolean use1x1conv) {
        return conv(in, out, 3) + bn(out) + conv(out, out, 3) + bn(out) + (use1x1conv ? conv(in, out, 1) : 0);
    }
}
