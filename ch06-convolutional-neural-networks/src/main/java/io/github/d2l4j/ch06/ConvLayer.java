package io.github.d2l4j.ch06;

import io.github.d2l4j.common.block.Block;
import io.github.d2l4j.common.model.TorchInit;
import io.github.d2l4j.common.section.BookSection;
import io.github.d2l4j.common.section.RunOptions;
import io.github.d2l4j.common.section.SectionResult;
import io.github.d2l4j.common.section.Summary;
import io.github.d2l4j.common.train.Divergence;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.CnnLossLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The two-dimensional cross-correlation that deep learning calls convolution: each output element
 * is the sum of an input window times the kernel, \( Y_{i,j} = \sum_{a,b} X_{i+a,j+b} K_{a,b} \),
 * so an \( n_h \times n_w \) input and a \( k_h \times k_w \) kernel give \( (n_h - k_h + 1)
 * \times (n_w - k_w + 1) \). Written first with loops ({@link #corr2d}), then by ND4J's native
 * {@code conv2d} op; a kernel [[1, -1]] finds vertical edges; and a 1x2 kernel is learned back from
 * the edges it produced, from scratch (SameDiff gradients, the book's update by hand) and with a
 * DL4J {@code ConvolutionLayer}.
 *
 * <p>D2L 6.2, Convolutions for Images.
 */
@BookSection(
        id = "6.2",
        title = "Convolutions for Images",
        page = "https://zh.d2l.ai/chapter_convolutional-neural-networks/conv-layer.html")
public final class ConvLayer {
    private static final Logger LOG = LoggerFactory.getLogger(ConvLayer.class);

    public record Config(double lr, int iterations, long seed) {
        public Config {
            if (!(lr > 0) || iterations <= 0) {
                throw new IllegalArgumentException(
                        "learning rate and iterations must be positive, got " + lr + " and " + iterations);
            }
        }

        public static Config from(RunOptions o) {
            return new Config(
                    o.lr(3e-2), // the book's rate for learning the kernel
                    o.epochs(10), // the book's 10 iterations
                    o.seed(42)); // fixes the random kernels
        }
    }

    /**
     * @param corr2d corr2d(arange(9) as 3x3, [[0, 1], [2, 3]]) with loops
     * @param conv2d the same by ND4J's conv2d op
     * @param edges corr2d of the 6x8 edge image with [[1, -1]]
     * @param edgesTransposed the same on the transposed image
     * @param scratch the kernel learned from scratch, with the loss every 2 iterations
     * @param concise the kernel learned by a DL4J ConvolutionLayer, same start, same losses
     */
    public record Result(
            INDArray corr2d,
            INDArray conv2d,
            INDArray edges,
            INDArray edgesTransposed,
            Learned scratch,
            Learned concise)
            implements SectionResult {
        @Override
        public Summary summary() {
            return Summary.of()
                    .add(
                            "corr2d",
                            java.util.Arrays.deepToString(corr2d.toIntMatrix()).replace(" ", ""))
                    .add(
                            "scratch_kernel",
                            java.util.Arrays.toString(scratch.kernel()).replace(" ", ""))
                    .add(
                            "concise_kernel",
                            java.util.Arrays.toString(concise.kernel()).replace(" ", ""))
                    .add("last_loss", scratch.losses().get(scratch.losses().size() - 1));
        }
    }

    /** A learned 1x2 kernel and the summed squared loss printed every 2 iterations. */
    public record Learned(double[] kernel, List<Double> losses) {}

    public static Result run(Config c) {
        INDArray X = Nd4j.arange(9).castTo(DataType.FLOAT).reshape(3, 3);
        INDArray K = Nd4j.createFromArray(new float[][] {{0, 1}, {2, 3}});
        INDArray loops = corr2d(X, K);
        INDArray byOp = corr2dNative(X, K);
        LOG.info("corr2d(X, K) =\n{}\nND4J's conv2d gives\n{}", loops, byOp);

        Nd4j.getRandom().setSeed(c.seed());
        Conv2D conv = new Conv2D(2, 2);
        LOG.info("Conv2D((2, 2)) with a rand weight and zero bias, on X:\n{}", conv.apply(X));

        INDArray edgeImage = edgeImage();
        INDArray edgeKernel = Nd4j.createFromArray(new float[][] {{1, -1}});
        INDArray Y = corr2d(edgeImage, edgeKernel);
        INDArray Yt = corr2d(edgeImage.transpose().dup(), edgeKernel);
        LOG.info("X =\n{}\ncorr2d(X, [[1, -1]]) =\n{}\non X.T:\n{}", edgeImage, Y, Yt);

        INDArray start = TorchInit.defaultUniform(2, 1, 2); // nn.Conv2d(1, 1, (1, 2))'s weight: U(+-1/sqrt(2))
        LOG.info("-- learning the kernel from scratch --");
        Learned scratch = learnScratch(edgeImage, Y, start, c.lr(), c.iterations());
        LOG.info("-- with a DL4J ConvolutionLayer --");
        Learned concise = learnConcise(edgeImage, Y, start, c.lr(), c.iterations(), c.seed());
        return new Result(loops, byOp, Y, Yt, scratch, concise);
    }

    /** The two-dimensional cross-correlation, with loops. X: (h, w), K: (kh, kw). */
    public static INDArray corr2d(INDArray X, INDArray K) {
        long h = K.size(0);
        long w = K.size(1);
        INDArray Y = Nd4j.zeros(DataType.FLOAT, X.size(0) - h + 1, X.size(1) - w + 1);
        for (long i = 0; i < Y.size(0); i++) {
            for (long j = 0; j < Y.size(1); j++) {
                INDArray window = X.get(NDArrayIndex.interval(i, i + h), NDArrayIndex.interval(j, j + w));
                Y.putScalar(i, j, window.mul(K).sumNumber().doubleValue());
            }
        }
        return Y;
    }

    /**
     * The same by ND4J's native {@code conv2d} op, as a framework computes it: the input as one
     * example with one channel (1, 1, h, w), the kernel in ND4J's weight layout (kh, kw, in, out).
     */
    public static INDArray corr2dNative(INDArray X, INDArray K) {
        INDArray out = Nd4j.cnn()
                .conv2d(
                        X.reshape(1, 1, X.size(0), X.size(1)),
                        K.reshape(K.size(0), K.size(1), 1, 1),
                        Conv2DConfig.builder().kH(K.size(0)).kW(K.size(1)).build());
        return out.reshape(out.size(2), out.size(3));
    }

    /** The book's {@code Conv2D} module: corr2d with a rand weight plus a zero bias. */
    public static final class Conv2D extends Block {
        public Conv2D(int kh, int kw) {
            addParameter("weight", Nd4j.rand(DataType.FLOAT, kh, kw));
            addParameter("bias", Nd4j.zeros(DataType.FLOAT, 1));
        }

        @Override
        public SDVariable forward(SDVariable X) {
            return corr2d(X, param(X, "weight")).add(param(X, "bias"));
        }
    }

    /** corr2d on graph variables, so that SameDiff can differentiate it: X (h, w), K (kh, kw). */
    static SDVariable corr2d(SDVariable X, SDVariable K) {
        long[] x = X.getShape();
        long[] k = K.getShape();
        SDVariable out = X.getSameDiff()
                .cnn()
                .conv2d(
                        X.reshape(1, 1, x[0], x[1]), // one example, one channel
                        K.reshape(k[0], k[1], 1, 1), // (kh, kw, in, out)
                        Conv2DConfig.builder().kH(k[0]).kW(k[1]).build());
        return out.reshape(x[0] - k[0] + 1, x[1] - k[1] + 1);
    }

    /** X: six rows of [1, 1, 0, 0, 0, 0, 1, 1], a black stripe between two white ones. */
    static INDArray edgeImage() {
        INDArray X = Nd4j.ones(DataType.FLOAT, 6, 8);
        X.get(NDArrayIndex.all(), NDArrayIndex.interval(2, 6)).assign(0);
        return X;
    }

    /**
     * Learns the 1x2 kernel that maps X to Y: loss \( \sum (\hat{Y} - Y)^2 \), gradient from
     * SameDiff, and the book's update {@code weight -= lr * weight.grad}, no bias.
     */
    static Learned learnScratch(INDArray X, INDArray Y, INDArray start, double lr, int iterations) {
        SameDiff sd = SameDiff.create();
        SDVariable weight = sd.var("weight", start.dup()); // (1, 2)
        SDVariable yHat = corr2d(sd.constant("X", X), weight);
        SDVariable loss = yHat.sub(sd.constant("Y", Y)).pow(2).sum("loss");
        sd.setLossVariables(loss);
        List<Double> losses = new ArrayList<>();
        for (int i = 1; i <= iterations; i++) {
            double l = loss.eval().getDouble(0); // the loss before this step's update, as the book prints it
            Map<String, INDArray> grads = sd.calculateGradients(Map.of(), "weight");
            weight.getArr().subi(grads.get("weight").mul(lr));
            report(i, l, losses);
        }
        return new Learned(weight.getArr().reshape(2).toDoubleVector(), losses);
    }

    /**
     * The same with DL4J: a 1x2 {@code ConvolutionLayer} without bias, and a {@code CnnLossLayer}
     * whose L2 loss is the summed squared error per example (one example here), trained by {@code
     * Sgd(lr)}.
     */
    static Learned learnConcise(INDArray X, INDArray Y, INDArray start, double lr, int iterations, long seed) {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder()
                .seed(seed)
                .updater(new Sgd(lr))
                .list()
                .layer(new ConvolutionLayer.Builder(1, 2)
                        .nOut(1)
                        .hasBias(false)
                        .activation(Activation.IDENTITY)
                        .build())
                .layer(new CnnLossLayer.Builder(LossFunctions.LossFunction.L2)
                        .activation(Activation.IDENTITY)
                        .build())
                .setInputType(InputType.convolutional(X.size(0), X.size(1), 1))
                .build());
        net.init();
        INDArray weight = net.getLayer(0).getParam("W"); // DL4J's layout: (out, in, kh, kw)
        weight.assign(start.reshape(weight.shape()));
        INDArray x = X.reshape(1, 1, X.size(0), X.size(1));
        INDArray y = Y.reshape(1, 1, Y.size(0), Y.size(1));
        List<Double> losses = new ArrayList<>();
        for (int i = 1; i <= iterations; i++) {
            net.fit(x, y);
            report(i, net.score(), losses); // the score of fit's forward pass, before its update
        }
        return new Learned(weight.reshape(2).toDoubleVector(), losses);
    }

    private static void report(int iteration, double loss, List<Double> losses) {
        Divergence.requireFinite(iteration, loss);
        if (iteration % 2 == 0) {
            losses.add(loss);
            LOG.info(String.format("epoch %d, loss %.3f", iteration, loss));
        }
    }
}
