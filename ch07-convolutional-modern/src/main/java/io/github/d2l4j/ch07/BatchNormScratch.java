package io.github.d2l4j.ch07;

import static io.github.d2l4j.common.train.Scratch.sgd;
import static io.github.d2l4j.common.train.Scratch.softmaxCrossEntropy;

import io.github.d2l4j.common.model.SameDiffNet;
import io.github.d2l4j.common.model.TorchInit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Pooling2DConfig;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Batch normalization from scratch: the book's {@code batch_norm} function, its {@code BatchNorm}
 * layer with moving mean and variance, and LeNet with a batch norm after each convolution and
 * dense layer, as one SameDiff graph trained by the book's {@code sgd}.
 *
 * <p><b>How the book's function maps onto a graph.</b> The book's {@code batch_norm} asks
 * {@code torch.is_grad_enabled()} to choose between the batch's statistics (training) and the
 * moving ones (prediction), and updates the moving statistics as it goes. A SameDiff graph is
 * built once, so here the choice is an input: the placeholder {@code training} is 1 or 0, and
 * the mean used is {@code training * batch_mean + (1 - training) * moving_mean} (likewise the
 * variance), the moving statistics being placeholders fed from the Java side. After each training
 * step the batch's mean and variance, as the step computed them, update the moving statistics in
 * Java, exactly the book's two lines ({@link BatchNorm#update}).
 *
 * <p>The statistics are composed from elementary ops ({@code mean}, {@code square}, {@code sqrt}):
 * M2.1's native {@code batchnorm} op gives no gradient to gamma and beta. The variance is the
 * biased one, as the book computes it (a mean of squared deviations).
 *
 * <p>D2L 7.5, Batch Normalization, from scratch.
 */
public final class BatchNormScratch {
    /** The book's eps and momentum. */
    public static final double EPS = 1e-5;

    public static final double MOMENTUM = 0.9;

    private BatchNormScratch() {}

    /**
     * The book's {@code batch_norm(X, gamma, beta, moving_mean, moving_var, eps, momentum)}, the
     * part that is computed in the graph: the normalised, scaled and shifted X, with the batch
     * statistics named {@code name + ".mean"} and {@code name + ".var"} so that the step's values
     * can be read back. X is (n, features) after a dense layer or (n, C, h, w) after a
     * convolution, whose statistics are per channel, over the batch, height and width.
     *
     * @param training a scalar placeholder: 1 to normalise by the batch's statistics, 0 by the moving ones
     */
    public static SDVariable batchNorm(
            String name,
            SDVariable X,
            boolean conv,
            SDVariable gamma,
            SDVariable beta,
            SDVariable movingMean,
            SDVariable movingVar,
            SDVariable training,
            double eps) {
        int[] dims = conv ? new int[] {0, 2, 3} : new int[] {0};
        // the mean and variance over the batch (and over height and width), keeping dimensions
        // so that they broadcast against X
        SDVariable mean = X.mean(name + ".mean", true, dims);
        SDVariable var = X.sub(mean).pow(2).mean(name + ".var", true, dims);
        // training: the batch's statistics; prediction: the moving ones
        SDVariable notTraining = training.rsub(1.0);
        SDVariable m = training.mul(mean).add(notTraining.mul(movingMean));
        SDVariable v = training.mul(var).add(notTraining.mul(movingVar));
        SDVariable XHat = X.sub(m).div(X.getSameDiff().math.sqrt(v.add(eps)));
        return gamma.mul(XHat).add(beta); // scale and shift
    }

    /**
     * The book's {@code BatchNorm(num_features, num_dims)} layer: gamma (ones) and beta (zeros)
     * are trainable graph variables; the moving mean (zeros) and variance (ones) are arrays kept
     * here, fed to the graph and updated after each training step.
     */
    public static final class BatchNorm {
        private final String name;
        private final boolean conv;
        private final SDVariable gamma;
        private final SDVariable beta;
        private INDArray movingMean;
        private INDArray movingVar;

        /** A batch norm for {@code numFeatures} channels ({@code conv}) or features, in {@code sd}. */
        public BatchNorm(SameDiff sd, String name, int numFeatures, boolean conv) {
            this.name = name;
            this.conv = conv;
            long[] shape = conv ? new long[] {1, numFeatures, 1, 1} : new long[] {1, numFeatures};
            this.gamma = sd.var(name + ".gamma", Nd4j.ones(DataType.FLOAT, shape));
            this.beta = sd.var(name + ".beta", Nd4j.zeros(DataType.FLOAT, shape));
            this.movingMean = Nd4j.zeros(DataType.FLOAT, shape);
            this.movingVar = Nd4j.ones(DataType.FLOAT, shape);
        }

        /** The layer on X; {@code training} as in {@link BatchNormScratch#batchNorm}. */
        public SDVariable forward(SDVariable X, SDVariable training) {
            SameDiff sd = X.getSameDiff();
            SDVariable mm = sd.placeHolder(name + ".moving_mean", DataType.FLOAT, movingMean.shape());
            SDVariable mv = sd.placeHolder(name + ".moving_var", DataType.FLOAT, movingVar.shape());
            return batchNorm(name, X, conv, gamma, beta, mm, mv, training, EPS);
        }

        /** The moving statistics, as placeholder values. */
        void feed(Map<String, INDArray> feeds) {
            feeds.put(name + ".moving_mean", movingMean);
            feeds.put(name + ".moving_var", movingVar);
        }

        /** The batch statistics that a training step computed, by name. */
        String[] batchStatistics() {
            return new String[] {name + ".mean", name + ".var"};
        }

        /**
         * The book's {@code moving_mean = momentum * moving_mean + (1.0 - momentum) * mean}, and
         * the same for the variance, from the statistics a training step computed.
         */
        public void update(Map<String, INDArray> step) {
            movingMean = movingMean.mul(MOMENTUM).add(step.get(name + ".mean").mul(1.0 - MOMENTUM));
            movingVar = movingVar.mul(MOMENTUM).add(step.get(name + ".var").mul(1.0 - MOMENTUM));
        }

        public INDArray gamma() {
            return gamma.getArr();
        }

        public INDArray beta() {
            return beta.getArr();
        }

        public INDArray movingMean() {
            return movingMean;
        }

        public INDArray movingVar() {
            return movingVar;
        }
    }

    /** The from-scratch LeNet with batch norm, and its four batch-norm layers. */
    public record Model(SameDiffNet net, List<BatchNorm> norms) {}

    /**
     * The book's initialisation of the other layers, as in LeNet: weights Xavier-uniform, biases
     * PyTorch's default U(±1/√fan_in); convolution weights in SameDiff's (kh, kw, in, out) layout.
     */
    public static Map<String, INDArray> initParams(long seed) {
        Nd4j.getRandom().setSeed(seed);
        Map<String, INDArray> params = new LinkedHashMap<>();
        TorchInit.layer(params, 1, 25, 6 * 25, 5, 5, 1, 6); // conv 1->6, 5x5, no padding
        TorchInit.layer(params, 2, 6 * 25, 16 * 25, 5, 5, 6, 16); // conv 6->16
        TorchInit.layer(params, 3, 256, 120, 256, 120); // 16x4x4 -> 120
        TorchInit.layer(params, 4, 120, 84, 120, 84);
        TorchInit.layer(params, 5, 84, 10, 84, 10);
        return params;
    }

    /**
     * The book's LeNet with batch norm: Conv(1→6, k5), BN, sigmoid, AvgPool(2, 2), Conv(6→16,
     * k5), BN, sigmoid, AvgPool(2, 2), flatten, 256→120, BN, sigmoid, 120→84, BN, sigmoid, 84→10;
     * summed softmax cross-entropy and {@code sgd} at {@code lr}.
     */
    public static Model net(Map<String, INDArray> params, double lr) {
        SameDiff sd = SameDiff.create();
        SDVariable X = sd.placeHolder("X", DataType.FLOAT, -1, 1, 28, 28);
        SDVariable y = sd.placeHolder("y", DataType.FLOAT, -1, 10);
        SDVariable training = sd.placeHolder("training", DataType.FLOAT); // 1 or 0, fed per batch
        Map<String, SDVariable> p = new LinkedHashMap<>();
        params.forEach((name, value) -> p.put(name, sd.var(name, value)));
        List<BatchNorm> norms = List.of(
                new BatchNorm(sd, "bn1", 6, true),
                new BatchNorm(sd, "bn2", 16, true),
                new BatchNorm(sd, "bn3", 120, false),
                new BatchNorm(sd, "bn4", 84, false));

        SDVariable h = conv(X, p.get("W1"), p.get("b1")); // (n, 6, 24, 24)
        h = avgPool(sd.nn.sigmoid(norms.get(0).forward(h, training))); // (n, 6, 12, 12)
        h = conv(h, p.get("W2"), p.get("b2")); // (n, 16, 8, 8)
        h = avgPool(sd.nn.sigmoid(norms.get(1).forward(h, training))); // (n, 16, 4, 4)
        h = h.reshape(-1, 256); // flatten
        h = sd.nn.sigmoid(norms.get(2).forward(h.mmul(p.get("W3")).add(p.get("b3")), training));
        h = sd.nn.sigmoid(norms.get(3).forward(h.mmul(p.get("W4")).add(p.get("b4")), training));
        SDVariable out = h.mmul(p.get("W5")).add(p.get("b5")).rename("out");
        SDVariable loss = softmaxCrossEntropy(out, y).sum("loss");

        List<SDVariable> vars = new ArrayList<>(p.values());
        for (BatchNorm bn : norms) {
            vars.add(bn.gamma);
            vars.add(bn.beta);
        }
        SameDiffNet net = new SameDiffNet(sd, X, y, out, loss, vars, (ps, grads, n) -> sgd(ps, grads, lr, n))
                .withFeeds((n, isTraining) -> {
                    Map<String, INDArray> feeds = new HashMap<>();
                    feeds.put("training", Nd4j.scalar(DataType.FLOAT, isTraining ? 1f : 0f));
                    norms.forEach(bn -> bn.feed(feeds));
                    return feeds;
                })
                .afterEachStep(
                        step -> norms.forEach(bn -> bn.update(step)),
                        norms.stream()
                                .flatMap(bn -> List.of(bn.batchStatistics()).stream())
                                .toArray(String[]::new));
        return new Model(net, norms);
    }

    /** A 5x5 convolution with bias, stride 1, no padding. */
    private static SDVariable conv(SDVariable X, SDVariable W, SDVariable b) {
        return X.getSameDiff()
                .cnn()
                .conv2d(X, W, b, Conv2DConfig.builder().kH(5).kW(5).build());
    }

    /** {@code nn.AvgPool2d(kernel_size=2, stride=2)}: no padding, so no divisor question. */
    private static SDVariable avgPool(SDVariable X) {
        return X.getSameDiff()
                .cnn()
                .avgPooling2d(
                        X, Pooling2DConfig.builder().kH(2).kW(2).sH(2).sW(2).build());
    }
}
