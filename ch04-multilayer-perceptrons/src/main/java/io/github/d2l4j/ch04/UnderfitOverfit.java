package io.github.d2l4j.ch04;

import io.github.d2l4j.common.data.ArrayDataSetIterator;
import io.github.d2l4j.common.data.Data;
import io.github.d2l4j.common.metrics.Metrics;
import io.github.d2l4j.common.model.Dl4jNet;
import io.github.d2l4j.common.plot.Animator;
import io.github.d2l4j.common.plot.Axes;
import io.github.d2l4j.common.section.BookSection;
import io.github.d2l4j.common.section.RunOptions;
import io.github.d2l4j.common.section.SectionResult;
import io.github.d2l4j.common.section.Summary;
import io.github.d2l4j.common.train.Divergence;
import io.github.d2l4j.common.train.Scratch;
import io.github.d2l4j.common.train.TrainCh3;
import java.nio.file.Path;
import java.util.Arrays;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.distribution.UniformDistribution;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Model capacity against data: polynomial regression on \( y = 5 + 1.2x - 3.4\frac{x^2}{2!} +
 * 5.6\frac{x^3}{3!} + \epsilon \). A cubic fit recovers the weights (normal); a linear fit
 * cannot follow the data, so both losses stay high (underfitting); a degree-20 fit on 100 points
 * drives the training loss below the test loss (overfitting).
 *
 * <p>D2L 4.4, Model Selection, Underfitting, and Overfitting.
 */
@BookSection(
        id = "4.4",
        title = "Model Selection, Underfitting, and Overfitting",
        page = "https://zh.d2l.ai/chapter_multilayer-perceptrons/underfit-overfit.html")
public final class UnderfitOverfit {
    private static final Logger LOG = LoggerFactory.getLogger(UnderfitOverfit.class);

    /** The first four true weights; the other 16 are 0. */
    public static final double[] TRUE_W = {5, 1.2, -3.4, 5.6};

    public record Config(
            int maxDegree, int nTrain, int nTest, double lr, int numEpochs, int numEpochsFull, long seed, Path out) {
        public Config {
            Scratch.requirePositive(maxDegree, "maximum degree");
            Scratch.requirePositive(nTrain, "number of training points");
            Scratch.requirePositive(nTest, "number of test points");
            Scratch.requirePositive(lr, "learning rate");
            Scratch.requirePositive(numEpochs, "number of epochs");
            Scratch.requirePositive(numEpochsFull, "number of epochs of the full fit");
        }

        public static Config from(RunOptions o) {
            return new Config(
                    20, // 20: the highest power of x in the features
                    100, // 100 training points
                    100, // 100 test points
                    o.lr(0.01), // the book's learning rate
                    o.epochs(400), // 400 for the cubic and linear fits
                    o.epochs(1500), // 1500 for the degree-20 fit, to show its overfitting
                    o.seed(42), // fixes initialisation and shuffling, so that runs repeat
                    o.out());
        }
    }

    /** One fit: its learned weights and final losses (mean squared error). */
    public record Fit(String name, double[] weights, double trainLoss, double testLoss, Path plot) {}

    public record Result(Fit cubic, Fit linear, Fit full) implements SectionResult {
        @Override
        public Summary summary() {
            return Summary.of()
                    .add("cubic_w", fmt(cubic.weights()))
                    .add("cubic_test_loss", cubic.testLoss())
                    .add("linear_test_loss", linear.testLoss())
                    .add("full_train_loss", full.trainLoss())
                    .add("full_test_loss", full.testLoss())
                    .add("plot", cubic.plot());
        }

        private static String fmt(double[] w) {
            return String.join(
                    ",",
                    Arrays.stream(w).mapToObj(v -> String.format("%.3f", v)).toList());
        }
    }

    /** Polynomial features \( x^i / i! \) for i = 0..maxDegree, and labels, train rows first. */
    public record PolyData(INDArray features, INDArray labels) {}

    public static Result run(Config c) {
        PolyData data = polyData(c);
        LOG.info(
                "features[:2] = {}\npoly_features[:2, :4] = {}\nlabels[:2] = {}",
                data.features()
                        .get(NDArrayIndex.interval(0, 2), NDArrayIndex.interval(1, 2))
                        .dup(),
                data.features()
                        .get(NDArrayIndex.interval(0, 2), NDArrayIndex.interval(0, 4))
                        .dup(),
                data.labels().get(NDArrayIndex.interval(0, 2)).dup());
        Fit cubic = train("cubic", data, 4, c.numEpochs(), c); // normal
        Fit linear = train("linear", data, 2, c.numEpochs(), c); // underfitting
        Fit full = train("degree20", data, c.maxDegree() + 1, c.numEpochsFull(), c); // overfitting
        return new Result(cubic, linear, full);
    }

    /** 4.4.4.1: x ~ N(0, 1), features x^i / i!, labels from TRUE_W plus N(0, 0.1^2) noise. */
    public static PolyData polyData(Config c) {
        Nd4j.getRandom().setSeed(c.seed());
        int n = c.nTrain() + c.nTest();
        INDArray x = Nd4j.randn(DataType.DOUBLE, n, 1);
        INDArray poly = Nd4j.create(DataType.DOUBLE, n, c.maxDegree() + 1);
        double factorial = 1;
        for (int i = 0; i <= c.maxDegree(); i++) {
            factorial *= Math.max(i, 1); // gamma(i + 1) = i!
            poly.putColumn(
                    i, org.nd4j.linalg.ops.transforms.Transforms.pow(x, i, true).divi(factorial));
        }
        INDArray trueW = Nd4j.zeros(DataType.DOUBLE, c.maxDegree() + 1, 1);
        for (int i = 0; i < TRUE_W.length; i++) {
            trueW.putScalar(i, 0, TRUE_W[i]);
        }
        INDArray labels =
                poly.mmul(trueW).addi(Nd4j.randn(DataType.DOUBLE, n, 1).muli(0.1));
        return new PolyData(poly.castTo(DataType.FLOAT), labels.castTo(DataType.FLOAT));
    }

    /**
     * 4.4.4.2: fits a linear model without bias on the first {@code numFeatures} features, MSE
     * loss, SGD, batch min(10, nTrain), logging train and test loss every 20 epochs.
     */
    public static Fit train(String name, PolyData data, int numFeatures, int numEpochs, Config c) {
        // one get() per slice: in ND4J M2.1 a row slice of a column-slice view can come out empty
        INDArray trainX = data.features()
                .get(NDArrayIndex.interval(0, c.nTrain()), NDArrayIndex.interval(0, numFeatures))
                .dup();
        INDArray testX = data.features()
                .get(NDArrayIndex.interval(c.nTrain(), c.nTrain() + c.nTest()), NDArrayIndex.interval(0, numFeatures))
                .dup();
        INDArray trainY = data.labels()
                .get(NDArrayIndex.interval(0, c.nTrain()), NDArrayIndex.all())
                .dup();
        INDArray testY = data.labels()
                .get(NDArrayIndex.interval(c.nTrain(), c.nTrain() + c.nTest()), NDArrayIndex.all())
                .dup();
        int batchSize = Math.min(10, c.nTrain());
        ArrayDataSetIterator trainIter = Data.loadArray(trainX, trainY, batchSize, true, c.seed());
        ArrayDataSetIterator testIter = Data.loadArray(testX, testY, batchSize, false, c.seed());

        Dl4jNet net = new Dl4jNet(net(numFeatures, c.lr(), c.seed()));
        Path png = c.out().resolve("4.4-" + name + ".png");
        Animator animator = new Animator(
                Axes.of()
                        .withLabels("epoch", "loss")
                        .withScales("linear", "log")
                        .withXlim(1, numEpochs)
                        .withYlim(1e-3, 1e2)
                        .withLegend("train", "test"),
                png);
        double trainLoss = Double.NaN;
        double testLoss = Double.NaN;
        for (int epoch = 0; epoch < numEpochs; epoch++) {
            double[] epochMetrics = TrainCh3.trainEpochCh3(net, trainIter, name + " epoch " + (epoch + 1));
            Divergence.requireFinite(epoch + 1, epochMetrics[0]);
            if (epoch == 0 || (epoch + 1) % 20 == 0) {
                trainLoss = Metrics.evaluateLoss(net, trainIter);
                testLoss = Metrics.evaluateLoss(net, testIter);
                animator.add(epoch + 1, trainLoss, testLoss);
            }
        }
        double[] weights = net.network().getParam("0_W").toDoubleVector();
        LOG.info("{}: weight: {}", name, Arrays.toString(weights));
        return new Fit(name, weights, trainLoss, testLoss, png);
    }

    /**
     * {@code nn.Linear(numFeatures, 1, bias=False)} with PyTorch's default initialisation,
     * U(-1/sqrt(in), 1/sqrt(in)), MSE and SGD.
     */
    public static MultiLayerNetwork net(int numFeatures, double lr, long seed) {
        double bound = 1 / Math.sqrt(numFeatures);
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder()
                .seed(seed)
                .updater(new Sgd(lr))
                .list()
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE)
                        .nIn(numFeatures)
                        .nOut(1)
                        .activation(Activation.IDENTITY)
                        .hasBias(false)
                        .weightInit(new UniformDistribution(-bound, bound))
                        .build())
                .build());
        net.init();
        return net;
    }
}
