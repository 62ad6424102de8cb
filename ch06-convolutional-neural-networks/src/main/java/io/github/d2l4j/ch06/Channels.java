package io.github.d2l4j.ch06;

import io.github.d2l4j.common.section.BookSection;
import io.github.d2l4j.common.section.RunOptions;
import io.github.d2l4j.common.section.SectionResult;
import io.github.d2l4j.common.section.Summary;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Several input channels: a kernel has one 2D slice per input channel, and the results are
 * summed. Several output channels: one such kernel per output channel, the results stacked. A
 * kernel K therefore has shape \( (c_o, c_i, k_h, k_w) \). A 1x1 convolution mixes channels at
 * each pixel alone: it is a fully connected layer over the channels, that is a matrix product.
 * Written with the loops of 6.2's {@link ConvLayer#corr2d}, and checked against ND4J's {@code
 * conv2d} op.
 *
 * <p>D2L 6.4, Multiple Input and Multiple Output Channels.
 */
@BookSection(
        id = "6.4",
        title = "Multiple Input and Multiple Output Channels",
        page = "https://zh.d2l.ai/chapter_convolutional-neural-networks/channels.html")
public final class Channels {
    private static final Logger LOG = LoggerFactory.getLogger(Channels.class);

    public record Config(long seed) {
        public static Config from(RunOptions o) {
            return new Config(o.seed(42)); // fixes the random input and kernel of the 1x1 check
        }
    }

    /**
     * @param multiIn corr2d_multi_in(X, K)
     * @param multiInOut corr2d_multi_in_out(X, stack(K, K + 1, K + 2)), shape (3, 2, 2)
     * @param conv2d the same by ND4J's conv2d op
     * @param oneByOneGap |Y1 - Y2|.sum() between the 1x1 convolution by loops and by matrix product
     */
    public record Result(INDArray multiIn, INDArray multiInOut, INDArray conv2d, double oneByOneGap)
            implements SectionResult {
        @Override
        public Summary summary() {
            return Summary.of()
                    .add(
                            "multi_in",
                            java.util.Arrays.deepToString(multiIn.toIntMatrix()).replace(" ", ""))
                    .add("one_by_one_gap", oneByOneGap);
        }
    }

    public static Result run(Config c) {
        INDArray X = Nd4j.createFromArray(new float[][][] {
            {{0, 1, 2}, {3, 4, 5}, {6, 7, 8}},
            {{1, 2, 3}, {4, 5, 6}, {7, 8, 9}}
        });
        INDArray K = Nd4j.createFromArray(new float[][][] {{{0, 1}, {2, 3}}, {{1, 2}, {3, 4}}});
        INDArray multiIn = corr2dMultiIn(X, K);
        LOG.info("corr2d_multi_in(X, K) =\n{}", multiIn);

        INDArray K3 = Nd4j.stack(0, K, K.add(1), K.add(2)); // (3, 2, 2, 2)
        LOG.info("K.shape = {}", java.util.Arrays.toString(K3.shape()));
        INDArray multiInOut = corr2dMultiInOut(X, K3);
        INDArray byOp = conv2d(X, K3);
        LOG.info("corr2d_multi_in_out(X, K) =\n{}\nND4J's conv2d gives\n{}", multiInOut, byOp);

        Nd4j.getRandom().setSeed(c.seed());
        INDArray X1 = Nd4j.randn(DataType.FLOAT, 3, 3, 3);
        INDArray K1 = Nd4j.randn(DataType.FLOAT, 2, 3, 1, 1);
        INDArray Y1 = corr2dMultiInOut1x1(X1, K1);
        INDArray Y2 = corr2dMultiInOut(X1, K1);
        double gap = Nd4j.math().abs(Y1.sub(Y2)).sumNumber().doubleValue();
        LOG.info("1x1 convolution as a matrix product: |Y1 - Y2|.sum() = {}", gap);
        return new Result(multiIn, multiInOut, byOp, gap);
    }

    /** Sums the cross-correlations of each input channel with its slice of K. X: (ci, h, w), K: (ci, kh, kw). */
    public static INDArray corr2dMultiIn(INDArray X, INDArray K) {
        INDArray sum = ConvLayer.corr2d(channel(X, 0), channel(K, 0));
        for (long i = 1; i < X.size(0); i++) {
            sum.addi(ConvLayer.corr2d(channel(X, i), channel(K, i)));
        }
        return sum;
    }

    /** One corr2d_multi_in per output channel, stacked. K: (co, ci, kh, kw); result (co, oh, ow). */
    public static INDArray corr2dMultiInOut(INDArray X, INDArray K) {
        INDArray[] outputs = new INDArray[(int) K.size(0)];
        for (int o = 0; o < outputs.length; o++) {
            outputs[o] = corr2dMultiIn(X, channel(K, o));
        }
        return Nd4j.stack(0, outputs);
    }

    /** A 1x1 convolution as (co, ci) x (ci, h*w). K: (co, ci, 1, 1). */
    public static INDArray corr2dMultiInOut1x1(INDArray X, INDArray K) {
        long ci = X.size(0);
        long h = X.size(1);
        long w = X.size(2);
        INDArray Y = K.reshape(K.size(0), ci).mmul(X.reshape(ci, h * w));
        return Y.reshape(K.size(0), h, w);
    }

    /**
     * ND4J's {@code conv2d} op on the same data: X as one example (1, ci, h, w), K permuted from
     * the book's (co, ci, kh, kw) to ND4J's weight layout (kh, kw, ci, co).
     */
    public static INDArray conv2d(INDArray X, INDArray K) {
        INDArray Y = Nd4j.cnn()
                .conv2d(
                        X.reshape(1, X.size(0), X.size(1), X.size(2)),
                        K.permute(2, 3, 1, 0).dup(),
                        Conv2DConfig.builder().kH(K.size(2)).kW(K.size(3)).build());
        return Y.reshape(Y.size(1), Y.size(2), Y.size(3));
    }

    /** A[i], as a fresh array. */
    static INDArray channel(INDArray A, long i) {
        return A.get(NDArrayIndex.point(i)).dup();
    }
}
