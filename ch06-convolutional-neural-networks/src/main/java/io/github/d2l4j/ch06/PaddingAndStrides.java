package io.github.d2l4j.ch06;

import io.github.d2l4j.common.section.BookSection;
import io.github.d2l4j.common.section.RunOptions;
import io.github.d2l4j.common.section.SectionResult;
import io.github.d2l4j.common.section.Summary;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Padding and stride control a convolution's output size: with \( p_h \) rows of padding in all,
 * a \( k_h \) kernel and stride \( s_h \), the output has \( \lfloor (n_h - k_h + p_h + s_h) /
 * s_h \rfloor \) rows. The book's {@code comp_conv2d} applies a one-channel {@code nn.Conv2d} to an
 * 8x8 input for four settings; here a DL4J {@code ConvolutionLayer} does, with the book's padding
 * on each side ({@code padding(1, 1)} is PyTorch's {@code padding=1}). DL4J's {@code
 * ConvolutionMode.Truncate} (its default, set here for the reader) floors as PyTorch does, where
 * {@code Strict} would reject the last setting, whose stride does not divide the padded input.
 *
 * <p>D2L 6.3, Padding and Stride.
 */
@BookSection(
        id = "6.3",
        title = "Padding and Stride",
        page = "https://zh.d2l.ai/chapter_convolutional-neural-networks/padding-and-strides.html")
public final class PaddingAndStrides {
    private static final Logger LOG = LoggerFactory.getLogger(PaddingAndStrides.class);

    public record Config(long seed) {
        public static Config from(RunOptions o) {
            return new Config(o.seed(42)); // fixes the random input and kernels
        }
    }

    /** One of the book's settings: kernel, padding (per side) and stride, each (rows, columns). */
    public record Setting(int[] kernel, int[] padding, int[] stride) {
        @Override
        public String toString() {
            return "kernel " + Arrays.toString(kernel) + ", padding " + Arrays.toString(padding) + ", stride "
                    + Arrays.toString(stride);
        }
    }

    /** The book's four settings, in its order. */
    public static final List<Setting> SETTINGS = List.of(
            new Setting(new int[] {3, 3}, new int[] {1, 1}, new int[] {1, 1}),
            new Setting(new int[] {5, 3}, new int[] {2, 1}, new int[] {1, 1}),
            new Setting(new int[] {3, 3}, new int[] {1, 1}, new int[] {2, 2}),
            new Setting(new int[] {3, 5}, new int[] {0, 1}, new int[] {3, 4}));

    /** @param shapes the output shape of each setting on an 8x8 input */
    public record Result(List<long[]> shapes) implements SectionResult {
        @Override
        public Summary summary() {
            return Summary.of()
                    .add(
                            "shapes",
                            String.join(
                                    ",",
                                    shapes.stream().map(s -> s[0] + "x" + s[1]).toList()));
        }
    }

    public static Result run(Config c) {
        Nd4j.getRandom().setSeed(c.seed());
        INDArray X = Nd4j.rand(DataType.FLOAT, 8, 8);
        List<long[]> shapes = new ArrayList<>();
        for (Setting s : SETTINGS) {
            long[] shape = compConv2d(conv2d(s, c.seed()), X).shape();
            LOG.info("{}: comp_conv2d(conv2d, X).shape = {}", s, Arrays.toString(shape));
            shapes.add(shape);
        }
        return new Result(shapes);
    }

    /** {@code nn.Conv2d(1, 1, kernel, padding, stride)}: one input and one output channel. */
    public static MultiLayerNetwork conv2d(Setting s, long seed) {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder()
                .seed(seed)
                .list()
                .layer(new ConvolutionLayer.Builder(s.kernel())
                        .padding(s.padding())
                        .stride(s.stride())
                        .convolutionMode(ConvolutionMode.Truncate)
                        .nIn(1)
                        .nOut(1)
                        .activation(Activation.IDENTITY)
                        .build())
                .build());
        net.init();
        return net;
    }

    /**
     * The book's {@code comp_conv2d}: adds the batch and channel dimensions (1, 1) to X, applies
     * the layer, and takes them off again.
     */
    public static INDArray compConv2d(MultiLayerNetwork conv2d, INDArray X) {
        INDArray Y = conv2d.output(X.reshape(1, 1, X.size(0), X.size(1)));
        return Y.reshape(Y.size(2), Y.size(3));
    }
}
