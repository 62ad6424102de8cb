package io.github.d2l4j.ch04;

import static io.github.d2l4j.common.train.Scratch.sgd;
import static io.github.d2l4j.common.train.Scratch.softmaxCrossEntropy;

import io.github.d2l4j.common.data.DataIters;
import io.github.d2l4j.common.data.FashionMnist;
import io.github.d2l4j.common.model.Dl4jNet;
import io.github.d2l4j.common.model.SameDiffNet;
import io.github.d2l4j.common.model.TorchInit;
import io.github.d2l4j.common.section.BookSection;
import io.github.d2l4j.common.section.RunOptions;
import io.github.d2l4j.common.section.SectionResult;
import io.github.d2l4j.common.section.Summary;
import io.github.d2l4j.common.train.Scratch;
import io.github.d2l4j.common.train.TrainCh3;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.distribution.NormalDistribution;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dropout: during training, zero each hidden activation with probability p and scale the
 * survivors by \( 1/(1-p) \), so that each activation's expectation is unchanged; at evaluation,
 * do nothing. First {@code dropoutLayer} by hand inside a 784-256-256-10 MLP, then DL4J's dropout.
 *
 * <p><b>The pitfall.</b> PyTorch's {@code nn.Dropout(p)} takes the probability of <em>dropping</em>;
 * DL4J's {@code dropOut(x)} takes the probability of <em>keeping</em>, and applies it to the
 * layer's input. So the book's {@code Dropout(0.2)} after the first hidden layer is {@code
 * dropOut(0.8)} on the second layer here ({@link #retain}); the tests check that 20% really are
 * dropped.
 *
 * <p>D2L 4.6, Dropout.
 */
@BookSection(id = "4.6", title = "Dropout", page = "https://zh.d2l.ai/chapter_multilayer-perceptrons/dropout.html")
public final class Dropout {
    private static final Logger LOG = LoggerFactory.getLogger(Dropout.class);

    public static final int NUM_INPUTS = 784;
    public static final int NUM_HIDDENS1 = 256;
    public static final int NUM_HIDDENS2 = 256;
    public static final int NUM_OUTPUTS = 10;

    public record Config(
            double dropout1, double dropout2, int batchSize, double lr, int numEpochs, long seed, Path out) {
        public Config {
            requireProbability(dropout1);
            requireProbability(dropout2);
            Scratch.requireTraining(batchSize, lr, numEpochs);
        }

        public static Config from(RunOptions o) {
            return new Config(
                    0.2, // 0.2 after the first hidden layer
                    0.5, // 0.5 after the second: more dropout further from the input
                    o.batchSize(256), // the book's minibatch for Fashion-MNIST
                    o.lr(0.5), // the book's learning rate
                    o.epochs(10), // the book's 10 epochs
                    o.seed(42), // fixes initialisation and shuffling, so that runs repeat
                    o.out());
        }
    }

    /** @param demo dropoutLayer on arange(16) as 2x8, for p = 0, 0.5 and 1 */
    public record Result(Map<Double, double[][]> demo, TrainCh3.Result scratch, TrainCh3.Result concise)
            implements SectionResult {
        @Override
        public Summary summary() {
            return scratch.summary()
                    .add("concise_train_loss", concise.last().trainLoss())
                    .add("concise_train_acc", concise.last().trainAcc())
                    .add("concise_test_acc", concise.last().testAcc())
                    .add("concise_sec_per_epoch", concise.secPerEpoch());
        }
    }

    public static Result run(Config c) {
        Nd4j.getRandom().setSeed(c.seed());
        INDArray X = Nd4j.arange(16).castTo(DataType.FLOAT).reshape(2, 8);
        Map<Double, double[][]> demo = new java.util.TreeMap<>();
        for (double p : new double[] {0, 0.5, 1}) {
            INDArray out = dropoutLayer(X, p);
            demo.put(p, out.toDoubleMatrix());
            LOG.info("dropout_layer(X, {}) =\n{}", p, out);
        }
        DataIters data = FashionMnist.loadDataFashionMnist(c.batchSize(), c.seed());
        LOG.info("-- from scratch --");
        TrainCh3.Result scratch = TrainCh3.trainCh3(
                scratchNet(c), data.train(), data.test(), c.numEpochs(), c.out().resolve("4.6-scratch.png"));
        LOG.info("-- concise --");
        TrainCh3.Result concise = TrainCh3.trainCh3(
                new Dl4jNet(conciseNet(c)),
                data.train(),
                data.test(),
                c.numEpochs(),
                c.out().resolve("4.6-concise.png"));
        return new Result(demo, scratch, concise);
    }

    /** 4.6.4.1: keep each element where a uniform draw exceeds p, then scale by 1/(1-p). */
    public static INDArray dropoutLayer(INDArray X, double p) {
        requireProbability(p);
        if (p == 1) {
            return Nd4j.zerosLike(X); // everything dropped
        }
        if (p == 0) {
            return X.dup(); // everything kept
        }
        INDArray mask = Nd4j.rand(X.dataType(), X.shape()).gt(p).castTo(X.dataType());
        return mask.muli(X).divi(1 - p);
    }

    /**
     * 4.6.4.2: {@code relu(X W1 + b1)}, dropout p1, {@code relu(H1 W2 + b2)}, dropout p2, {@code H2
     * W3 + b3}, with PyTorch's default initialisation U(-1/sqrt(in), 1/sqrt(in)). The dropout masks
     * are placeholders: in training each batch gets {@code dropoutLayer(ones, p)}, in evaluation
     * ones, which is the book's {@code if self.training}.
     */
    public static SameDiffNet scratchNet(Config c) {
        Nd4j.getRandom().setSeed(c.seed());
        SameDiff sd = SameDiff.create();
        SDVariable X = sd.placeHolder("X", DataType.FLOAT, -1, 1, 28, 28);
        SDVariable y = sd.placeHolder("y", DataType.FLOAT, -1, NUM_OUTPUTS);
        SDVariable mask1 = sd.placeHolder("mask1", DataType.FLOAT, -1, NUM_HIDDENS1);
        SDVariable mask2 = sd.placeHolder("mask2", DataType.FLOAT, -1, NUM_HIDDENS2);
        SDVariable w1 = sd.var("W1", uniform(NUM_INPUTS, NUM_INPUTS, NUM_HIDDENS1));
        SDVariable b1 = sd.var("b1", uniform(NUM_INPUTS, NUM_HIDDENS1));
        SDVariable w2 = sd.var("W2", uniform(NUM_HIDDENS1, NUM_HIDDENS1, NUM_HIDDENS2));
        SDVariable b2 = sd.var("b2", uniform(NUM_HIDDENS1, NUM_HIDDENS2));
        SDVariable w3 = sd.var("W3", uniform(NUM_HIDDENS2, NUM_HIDDENS2, NUM_OUTPUTS));
        SDVariable b3 = sd.var("b3", uniform(NUM_HIDDENS2, NUM_OUTPUTS));
        SDVariable H1 =
                sd.nn.relu(X.reshape(-1, NUM_INPUTS).mmul(w1).add(b1), 0).mul(mask1);
        SDVariable H2 = sd.nn.relu(H1.mmul(w2).add(b2), 0).mul(mask2);
        SDVariable O = H2.mmul(w3).add(b3).rename("O");
        SDVariable loss = softmaxCrossEntropy(O, y).sum("loss");
        return new SameDiffNet(
                        sd,
                        X,
                        y,
                        O,
                        loss,
                        List.of(w1, b1, w2, b2, w3, b3),
                        (params, grads, n) -> sgd(params, grads, c.lr(), n))
                .withFeeds((n, training) -> Map.of(
                        "mask1", mask(n, NUM_HIDDENS1, training ? c.dropout1() : 0),
                        "mask2", mask(n, NUM_HIDDENS2, training ? c.dropout2() : 0)));
    }

    /** The mask that dropoutLayer multiplies by: 0 or 1/(1-p) in training, all ones for p = 0. */
    static INDArray mask(long n, int width, double p) {
        return dropoutLayer(Nd4j.ones(DataType.FLOAT, n, width), p);
    }

    /** PyTorch's default for nn.Linear: U(-1/sqrt(fanIn), 1/sqrt(fanIn)). */
    static INDArray uniform(int fanIn, long... shape) {
        return TorchInit.defaultUniform(fanIn, shape);
    }

    /**
     * 4.6.5: the same network with DL4J, weights ~ N(0, 0.01²). Dropout after a layer is DL4J's
     * dropout on the next layer's input, given as the probability of keeping.
     */
    public static MultiLayerNetwork conciseNet(Config c) {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder()
                .seed(c.seed())
                .updater(new Sgd(c.lr()))
                .weightInit(new NormalDistribution(0, 0.01))
                .list()
                .layer(new DenseLayer.Builder()
                        .nOut(NUM_HIDDENS1)
                        .activation(Activation.RELU)
                        .build())
                .layer(new DenseLayer.Builder()
                        .nOut(NUM_HIDDENS2)
                        .activation(Activation.RELU)
                        .dropOut(retain(c.dropout1()))
                        .build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                        .nOut(NUM_OUTPUTS)
                        .activation(Activation.SOFTMAX)
                        .dropOut(retain(c.dropout2()))
                        .build())
                .setInputType(InputType.convolutional(28, 28, 1))
                .build());
        net.init();
        return net;
    }

    /** DL4J's dropOut argument for a drop probability p: the probability of keeping, 1 - p. */
    public static double retain(double p) {
        requireProbability(p);
        if (p == 1) { // DL4J reads dropOut(0) as "no dropout at all", the opposite
            throw new IllegalArgumentException("DL4J's dropOut cannot drop everything (p = 1)");
        }
        return 1 - p;
    }

    static void requireProbability(double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("dropout probability must be in [0, 1], got " + p);
        }
    }
}
