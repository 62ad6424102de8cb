package io.github.d2l4j.ch07;

import static io.github.d2l4j.ch07.Params.bn;
import static io.github.d2l4j.ch07.Params.bnBuffers;
import static io.github.d2l4j.ch07.Params.conv;
import static io.github.d2l4j.ch07.Params.dense;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.d2l4j.common.model.LayerShapes;
import io.github.d2l4j.common.model.LayerShapes.LayerShape;
import java.util.List;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class DenseNetTest {

    /** The book: {@code DenseBlock(2, 3, 10)} on (4, 3, 8, 8) gives (4, 23, 8, 8); {@code transition_block(23, 10)} (4, 10, 4, 4). */
    @Test
    void theBooksBlockShapes() {
        GraphBuilder g = new NeuralNetConfiguration.Builder()
                .graphBuilder()
                .addInputs("X")
                .setInputTypes(InputType.convolutional(8, 8, 3));
        String blk = DenseNet.denseBlock(g, "blk", 2, 10, "X");
        String trans = DenseNet.transitionBlock(g, "trans", 10, blk);
        g.setOutputs(trans);
        ComputationGraph net = new ComputationGraph(g.build());
        net.init();
        INDArray X = Nd4j.rand(DataType.FLOAT, 4, 3, 8, 8);
        var acts = net.feedForward(X, false);
        assertThat(acts.get(blk).shape()).containsExactly(4, 23, 8, 8);
        assertThat(acts.get(trans).shape()).containsExactly(4, 10, 4, 4);
        // the block's output starts with its input, unchanged: torch.cat((X, Y), dim=1)
        assertThat(acts.get(blk)
                        .get(
                                org.nd4j.linalg.indexing.NDArrayIndex.all(),
                                org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 3))
                        .equalsWithEps(X, 1e-6))
                .isTrue();
    }

    @Test
    void theBooksShapesAndParameterCountAt96() {
        ComputationGraph net = DenseNet.net(96, 0.1, 1);
        List<LayerShape> shapes = LayerShapes.of(net, Nd4j.rand(DataType.FLOAT, 1, 1, 96, 96), DenseNet.BLOCKS);
        assertThat(shapes)
                .extracting(LayerShape::shape)
                .containsExactly(
                        new long[] {1, 64, 24, 24},
                        new long[] {1, 192, 24, 24},
                        new long[] {1, 96, 12, 12},
                        new long[] {1, 224, 12, 12},
                        new long[] {1, 112, 6, 6},
                        new long[] {1, 240, 6, 6},
                        new long[] {1, 120, 3, 3},
                        new long[] {1, 248, 3, 3},
                        new long[] {1, 248},
                        new long[] {1, 10});
        long trainable = conv(1, 64, 7) + bn(64);
        long buffers = bnBuffers(64);
        long c = 64;
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                trainable += bn(c + 32L * j) + conv(c + 32L * j, 32, 3);
                buffers += bnBuffers(c + 32L * j);
            }
            c += 4 * 32;
            if (i < 3) {
                trainable += bn(c) + conv(c, c / 2, 1);
                buffers += bnBuffers(c);
                c /= 2;
            }
        }
        trainable += bn(c) + dense(c, 10);
        buffers += bnBuffers(c);
        assertThat(c).isEqualTo(248);
        assertThat(net.numParams()).isEqualTo(trainable + buffers);
    }
}
