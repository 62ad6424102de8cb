package io.github.d2l4j.ch07;

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

class GoogLeNetTest {

    /** The book's walk-through on 1x1x96x96, stage by stage. */
    @Test
    void theBooksShapesAt96() {
        ComputationGraph net = GoogLeNet.net(96, 0.1, 1);
        List<LayerShape> shapes = LayerShapes.of(net, Nd4j.rand(DataType.FLOAT, 1, 1, 96, 96), GoogLeNet.BLOCKS);
        assertThat(shapes)
                .extracting(LayerShape::shape)
                .containsExactly(
                        new long[] {1, 64, 24, 24},
                        new long[] {1, 192, 12, 12},
                        new long[] {1, 480, 6, 6},
                        new long[] {1, 832, 3, 3},
                        new long[] {1, 1024},
                        new long[] {1, 10});
        long expected = conv(1, 64, 7)
                + conv(64, 64, 1)
                + conv(64, 192, 3)
                + inception(192, 64, 96, 128, 16, 32, 32)
                + inception(256, 128, 128, 192, 32, 96, 64)
                + inception(480, 192, 96, 208, 16, 48, 64)
                + inception(512, 160, 112, 224, 24, 64, 64)
                + inception(512, 128, 128, 256, 24, 64, 64)
                + inception(512, 112, 144, 288, 32, 64, 64)
                + inception(528, 256, 160, 320, 32, 128, 128)
                + inception(832, 256, 160, 320, 32, 128, 128)
                + inception(832, 384, 192, 384, 48, 128, 128)
                + dense(1024, 10);
        assertThat(net.numParams()).isEqualTo(expected);
    }

    private static long inception(long in, long c1, long c2a, long c2b, long c3a, long c3b, long c4) {
        return conv(in, c1, 1)
                + conv(in, c2a, 1)
                + conv(c2a, c2b, 3)
                + conv(in, c3a, 1)
                + conv(c3a, c3b, 5)
                + conv(in, c4, 1);
    }

    /** One Inception block keeps height and width and concatenates its four paths' channels. */
    @Test
    void anInceptionBlockConcatenatesItsPaths() {
        GraphBuilder g = new NeuralNetConfiguration.Builder()
                .graphBuilder()
                .addInputs("X")
                .setInputTypes(InputType.convolutional(12, 12, 192));
        var c = new GoogLeNet.Inception(64, 96, 128, 16, 32, 32);
        g.setOutputs(GoogLeNet.inception(g, "i", c, "X"));
        ComputationGraph block = new ComputationGraph(g.build());
        block.init();
        INDArray out = block.outputSingle(Nd4j.rand(DataType.FLOAT, 2, 192, 12, 12));
        assertThat(out.shape()).containsExactly(2, c.outChannels(), 12, 12);
        assertThat(c.outChannels()).isEqualTo(256);
    }
}
