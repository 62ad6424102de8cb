package io.github.d2l4j.ch07;

import static io.github.d2l4j.ch07.Params.conv;
import static io.github.d2l4j.ch07.Params.dense;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.d2l4j.common.model.LayerShapes;
import io.github.d2l4j.common.model.LayerShapes.LayerShape;
import java.util.List;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

class VggTest {

    @Test
    void theSmallArchitectureIsAQuarterOfTheChannels() {
        assertThat(Vgg.smallConvArch())
                .containsExactly(
                        new Vgg.Block(1, 16),
                        new Vgg.Block(1, 32),
                        new Vgg.Block(2, 64),
                        new Vgg.Block(2, 128),
                        new Vgg.Block(2, 128));
    }

    /**
     * The walk-through on 1x1x224x224, block by block (each block ends in its max pool), for the
     * network that is trained (channels / 4); the book prints the same sizes with 4x the channels.
     */
    @Test
    void theBooksShapesAt224() {
        MultiLayerNetwork net = Vgg.net(Vgg.smallConvArch(), 224, 0.05, 1);
        List<LayerShape> shapes = LayerShapes.of(net, Nd4j.rand(DataType.FLOAT, 1, 1, 224, 224));
        List<long[]> blockEnds = shapes.stream()
                .filter(s -> s.name().equals("SubsamplingLayer"))
                .map(LayerShape::shape)
                .toList();
        assertThat(blockEnds)
                .containsExactly(
                        new long[] {1, 16, 112, 112},
                        new long[] {1, 32, 56, 56},
                        new long[] {1, 64, 28, 28},
                        new long[] {1, 128, 14, 14},
                        new long[] {1, 128, 7, 7});
        assertThat(shapes.subList(shapes.size() - 6, shapes.size()))
                .extracting(LayerShape::name)
                .containsExactly("Flatten", "DenseLayer", "DropoutLayer", "DenseLayer", "DropoutLayer", "OutputLayer");
        assertThat(shapes.get(shapes.size() - 6).shape()).containsExactly(1, 6272);
        assertThat(shapes.get(shapes.size() - 1).shape()).containsExactly(1, 10);
        assertThat(net.numParams()).isEqualTo(expectedParams(Vgg.smallConvArch(), 7));
    }

    /**
     * Full-width VGG-11 (the book's {@code vgg(conv_arch)}, 129M parameters) counted from its
     * configuration, without allocating it.
     */
    @Test
    void fullVgg11ParameterCount() {
        MultiLayerConfiguration conf = Vgg.conf(Vgg.CONV_ARCH, 224, 0.05, 1);
        long params = 0;
        for (NeuralNetConfiguration layer : conf.getConfs()) {
            params += layer.getLayer().initializer().numParams(layer);
        }
        assertThat(params).isEqualTo(expectedParams(Vgg.CONV_ARCH, 7)).isEqualTo(128_806_154L);
    }

    private static long expectedParams(List<Vgg.Block> arch, int finalSide) {
        long n = 0;
        long in = 1;
        for (Vgg.Block b : arch) {
            for (int i = 0; i < b.numConvs(); i++) {
                n += conv(in, b.outChannels(), 3);
                in = b.outChannels();
            }
        }
        return n + dense(in * finalSide * finalSide, 4096) + dense(4096, 4096) + dense(4096, 10);
    }
}
