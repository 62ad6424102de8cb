package io.github.d2l4j.ch03;

import io.github.d2l4j.common.data.Data;
import io.github.d2l4j.common.section.BookSection;
import io.github.d2l4j.common.section.RunOptions;
import io.github.d2l4j.common.section.SectionResult;
import io.github.d2l4j.common.section.Summary;
import io.github.d2l4j.common.train.Divergence;
import io.github.d2l4j.common.train.Scratch;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.distribution.NormalDistribution;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The same linear regression with the library doing the work: {@code loadArray} feeds a DL4J
 * network of one dense output unit, DL4J's MSE loss (the mean, without the ½) and its {@code Sgd}
 * updater. What took a page in 3.2 takes a network configuration here.
 *
 * <p>D2L 3.3, Concise Implementation of Linear Regression.
 */
@BookSection(
        id = "3.3",
        title = "Concise Implementation of Linear Regression",
        page = "https://zh.d2l.ai/chapter_linear-networks/linear-regression-concise.html")
public final class LinearRegressionConcise {
    private static final Logger LOG = LoggerFactory.getLogger(LinearRegressionConcise.class);

    public record Config(int numExamples, int batchSize, double lr, int numEpochs, long seed, java.nio.file.Path out) {
        public Config {
            Scratch.requirePositive(numExamples, "number of examples");
            Scratch.requireTraining(batchSize, lr, numEpochs);
        }

        public static Config from(RunOptions o) {
            return new Config(
                    1000, // the book's 1,000
                    o.batchSize(10), // 10, as in 3.2
                    o.lr(0.03), // 0.03, as in 3.2
                    o.epochs(3), // the book's 3 epochs
                    o.seed(42), // fixes data, initialisation and shuffling
                    o.out());
        }
    }

    /** Losses per epoch (DL4J's MSE, the mean squared error) and the learned parameters. */
    public record Result(double[] losses, double[] w, double b) implements SectionResult {
        public double wError(int i) {
            return LinearRegressionScratch.TRUE_W[i] - w[i];
        }

        public double bError() {
            return LinearRegressionScratch.TRUE_B - b;
        }

        public double finalLoss() {
            return losses[losses.length - 1];
        }

        @Override
        public Summary summary() {
            return Summary.of()
                    .add("epochs", losses.length)
                    .add("loss", finalLoss())
                    .add("w_error", String.format("%.2e,%.2e", wError(0), wError(1)))
                    .add("b_error", String.format("%.2e", bError()));
        }
    }

    public static Result run(Config c) {
        Nd4j.getRandom().setSeed(c.seed());
        DataSet data = Data.syntheticData(
                Nd4j.createFromArray(LinearRegressionScratch.TRUE_W), LinearRegressionScratch.TRUE_B, c.numExamples());
        INDArray features = data.getFeatures();
        INDArray labels = data.getLabels();
        DataSetIterator dataIter = Data.loadArray(features, labels, c.batchSize(), true, c.seed());
        LOG.info(
                "first batch: {}",
                dataIter.next().getFeatures().shapeInfoToString().split("\n")[0]);

        MultiLayerNetwork net = net(c.lr(), c.seed());
        double[] losses = new double[c.numEpochs()];
        for (int epoch = 0; epoch < c.numEpochs(); epoch++) {
            dataIter.reset();
            net.fit(dataIter); // one pass: forward, loss, backward, Sgd step per batch
            losses[epoch] = Divergence.requireFinite(epoch + 1, net.score(data)); // MSE over all 1,000 examples
            LOG.info(String.format("epoch %d, loss %f", epoch + 1, losses[epoch]));
        }
        double[] w = net.getParam("0_W").toDoubleVector();
        double b = net.getParam("0_b").getDouble(0);
        LOG.info(String.format(
                "error in estimating w: [%.6f, %.6f]",
                LinearRegressionScratch.TRUE_W[0] - w[0], LinearRegressionScratch.TRUE_W[1] - w[1]));
        LOG.info(String.format("error in estimating b: %.6f", LinearRegressionScratch.TRUE_B - b));
        return new Result(losses, w, b);
    }

    /**
     * {@code nn.Sequential(nn.Linear(2, 1))} with weight ~ N(0, 0.01²), bias 0, {@code
     * nn.MSELoss()} and {@code SGD(lr)}: one DL4J output layer with the identity activation.
     */
    public static MultiLayerNetwork net(double lr, long seed) {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder()
                .seed(seed)
                .updater(new Sgd(lr))
                .list()
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE)
                        .nIn(2)
                        .nOut(1)
                        .activation(Activation.IDENTITY)
                        .weightInit(new NormalDistribution(0, 0.01))
                        .biasInit(0)
                        .build())
                .build());
        net.init();
        return net;
    }
}
