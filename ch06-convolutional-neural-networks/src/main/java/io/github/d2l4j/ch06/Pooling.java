package io.github.d2l4j.ch06;

import io.github.d2l4j.common.section.BookSection;
import io.github.d2l4j.common.section.RunOptions;
import io.github.d2l4j.common.section.SectionResult;
import io.github.d2l4j.common.section.Summary;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pooling: a window slides over the input as a kernel does, but takes the maximum or the mean of
 * what it covers, with no parameters, channel by channel. Written with loops ({@link #pool2d}),
 * then as DL4J's {@code SubsamplingLayer}, the book's {@code nn.MaxPool2d}.
 *
 * <p><b>Defaults that differ.</b> PyTorch's pooling stride defaults to the window size; DL4J's
 * builder defaults to (2, 2), so every layer here sets its stride. PyTorch's {@code AvgPool2d}
 * counts padding in the divisor ({@code count_include_pad=True}); DL4J's builder and M2.1's
 * native op leave it out. The book's framework decides, so {@link #avgPool2d} sets {@code
 * avgPoolIncludePadInDivisor(true)}, and so do the average pools of 6.6 and later.
 *
 * <p>D2L 6.5, Pooling.
 */
@BookSection(
        id = "6.5",
        title = "Pooling",
        page = "https://zh.d2l.ai/chapter_convolutional-neural-networks/pooling.html")
public final class Pooling {
    private static final Logger LOG = LoggerFactory.getLogger(Pooling.class);

    public record Config() {
        public static Config from(RunOptions o) {
            return new Config(); // every value is the book's example
        }
    }

    /**
     * @param max pool2d(X, (2, 2)) on arange(9) as 3x3
     * @param avg pool2d(X, (2, 2), 'avg')
     * @param pool3 MaxPool2d(3) on arange(16) as (1, 1, 4, 4)
     * @param padded MaxPool2d(3, padding=1, stride=2)
     * @param rectangular MaxPool2d((2, 3), stride=(2, 3), padding=(0, 1))
     * @param twoChannels MaxPool2d(3, padding=1, stride=2) on cat(X, X + 1)
     * @param avgPadded AvgPool2d(3, padding=1, stride=2), padding counted as PyTorch counts it
     */
    public record Result(
            INDArray max,
            INDArray avg,
            INDArray pool3,
            INDArray padded,
            INDArray rectangular,
            INDArray twoChannels,
            INDArray avgPadded)
            implements SectionResult {
        @Override
        public Summary summary() {
            return Summary.of()
                    .add("max", java.util.Arrays.deepToString(max.toIntMatrix()).replace(" ", ""))
                    .add("avg", java.util.Arrays.deepToString(avg.toIntMatrix()).replace(" ", ""));
        }
    }

    public static Result run(Config c) {
        INDArray X = Nd4j.arange(9).castTo(DataType.FLOAT).reshape(3, 3);
        INDArray max = pool2d(X, 2, 2, "max");
        INDArray avg = pool2d(X, 2, 2, "avg");
        LOG.info("pool2d(X, (2, 2)) =\n{}\npool2d(X, (2, 2), 'avg') =\n{}", max, avg);

        INDArray X4 = Nd4j.arange(16).castTo(DataType.FLOAT).reshape(1, 1, 4, 4);
        INDArray pool3 =
                maxPool2d(new int[] {3, 3}, new int[] {0, 0}, new int[] {3, 3}).output(X4);
        INDArray padded =
                maxPool2d(new int[] {3, 3}, new int[] {1, 1}, new int[] {2, 2}).output(X4);
        INDArray rectangular =
                maxPool2d(new int[] {2, 3}, new int[] {0, 1}, new int[] {2, 3}).output(X4);
        LOG.info("X =\n{}", X4);
        LOG.info("MaxPool2d(3): {}", pool3);
        LOG.info("MaxPool2d(3, padding=1, stride=2):\n{}", padded);
        LOG.info("MaxPool2d((2, 3), stride=(2, 3), padding=(0, 1)):\n{}", rectangular);

        INDArray X2 = Nd4j.concat(1, X4, X4.add(1)); // (1, 2, 4, 4)
        INDArray twoChannels =
                maxPool2d(new int[] {3, 3}, new int[] {1, 1}, new int[] {2, 2}).output(X2);
        LOG.info("two channels, MaxPool2d(3, padding=1, stride=2):\n{}", twoChannels);
        INDArray avgPadded =
                avgPool2d(new int[] {3, 3}, new int[] {1, 1}, new int[] {2, 2}).output(X4);
        LOG.info("AvgPool2d(3, padding=1, stride=2), padding counted:\n{}", avgPadded);
        return new Result(max, avg, pool3, padded, rectangular, twoChannels, avgPadded);
    }

    /** Max or average pooling of a 2D X with a (ph, pw) window, stride 1, with loops. */
    public static INDArray pool2d(INDArray X, int ph, int pw, String mode) {
        if (!mode.equals("max") && !mode.equals("avg")) {
            throw new IllegalArgumentException("mode must be 'max' or 'avg', got '" + mode + "'");
        }
        INDArray Y = Nd4j.zeros(DataType.FLOAT, X.size(0) - ph + 1, X.size(1) - pw + 1);
        for (long i = 0; i < Y.size(0); i++) {
            for (long j = 0; j < Y.size(1); j++) {
                INDArray window = X.get(NDArrayIndex.interval(i, i + ph), NDArrayIndex.interval(j, j + pw));
                Y.putScalar(
                        i,
                        j,
                        mode.equals("max")
                                ? window.maxNumber().doubleValue()
                                : window.meanNumber().doubleValue());
            }
        }
        return Y;
    }

    /** {@code nn.MaxPool2d(kernel, stride, padding)} as a one-layer DL4J network. */
    public static MultiLayerNetwork maxPool2d(int[] kernel, int[] padding, int[] stride) {
        return pool(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX), kernel, padding, stride);
    }

    /** {@code nn.AvgPool2d(kernel, stride, padding)}, padding counted in the divisor as PyTorch does. */
    public static MultiLayerNetwork avgPool2d(int[] kernel, int[] padding, int[] stride) {
        return pool(
                new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.AVG).avgPoolIncludePadInDivisor(true),
                kernel,
                padding,
                stride);
    }

    private static MultiLayerNetwork pool(SubsamplingLayer.Builder layer, int[] kernel, int[] padding, int[] stride) {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder()
                .list()
                .layer(layer.kernelSize(kernel)
                        .padding(padding)
                        .stride(stride)
                        .convolutionMode(ConvolutionMode.Truncate)
                        .build())
                .build());
        net.init();
        return net;
    }
}
