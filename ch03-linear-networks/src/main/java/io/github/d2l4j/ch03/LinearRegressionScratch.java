package io.github.d2l4j.ch03;

import static io.github.d2l4j.common.train.Scratch.linreg;
import static io.github.d2l4j.common.train.Scratch.sgd;
import static io.github.d2l4j.common.train.Scratch.squaredLoss;

import io.github.d2l4j.common.data.Data;
import io.github.d2l4j.common.plot.Axes;
import io.github.d2l4j.common.plot.Plot;
import io.github.d2l4j.common.section.BookSection;
import io.github.d2l4j.common.section.RunOptions;
import io.github.d2l4j.common.section.SectionResult;
import io.github.d2l4j.common.section.Summary;
import io.github.d2l4j.common.train.Divergence;
import io.github.d2l4j.common.train.Scratch;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Linear regression with nothing but arrays and automatic differentiation: generate data, read
 * it in shuffled minibatches, and fit \( \hat{y} = Xw + b \) by minibatch SGD on the squared
 * loss, with gradients from SameDiff.
 *
 * <p>D2L 3.2, Linear Regression Implementation from Scratch.
 */
@BookSection(
        id = "3.2",
        title = "Linear Regression Implementation from Scratch",
        page = "https://zh.d2l.ai/chapter_linear-networks/linear-regression-scratch.html")
public final class LinearRegressionScratch {
    private static final Logger LOG = LoggerFactory.getLogger(LinearRegressionScratch.class);

    /** The true parameters the data are drawn from. */
    public static final double[] TRUE_W = {2, -3.4};

    public static final double TRUE_B = 4.2;

    public record Config(int numExamples, int batchSize, double lr, int numEpochs, long seed, Path out) {
        public Config {
            Scratch.requirePositive(numExamples, "number of examples");
            Scratch.requireTraining(batchSize, lr, numEpochs);
        }

        public static Config from(RunOptions o) {
            return new Config(
                    1000, // the book's 1,000
                    o.batchSize(10), // 10: small batches, many updates
                    o.lr(0.03), // 0.03: converges in 3 epochs without overshooting
                    o.epochs(3), // 3: enough to reach the noise floor
                    o.seed(42), // fixes data, initialisation and shuffling
                    o.out());
        }
    }

    /**
     * @param losses mean training loss after each epoch
     * @param w learned weights
     * @param b learned bias
     */
    public record Result(double[] losses, double[] w, double b, Path plot) implements SectionResult {
        public double wError(int i) {
            return TRUE_W[i] - w[i];
        }

        public double bError() {
            return TRUE_B - b;
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
                    .add("b_error", String.format("%.2e", bError()))
                    .add("plot", plot);
        }
    }

    /** The model's graph: parameters w and b, and the summed squared loss of a batch. */
    public record Model(SameDiff sd, SDVariable w, SDVariable b, SDVariable yHat, SDVariable loss) {
        /** The mean loss over a whole data set, as printed after each epoch. */
        public double meanLoss(INDArray X, INDArray y) {
            return sd.output(Map.of("X", X, "y", y), loss.name())
                            .get(loss.name())
                            .getDouble(0)
                    / X.size(0);
        }
    }

    public static Result run(Config c) {
        Nd4j.getRandom().setSeed(c.seed());
        // 3.2.1: y = Xw + b + noise
        DataSet data = Data.syntheticData(Nd4j.createFromArray(TRUE_W), TRUE_B, c.numExamples());
        INDArray features = data.getFeatures(); // (1000, 2)
        INDArray labels = data.getLabels(); // (1000, 1)
        LOG.info("features: {}\nlabel: {}", features.getRow(0), labels.getRow(0));
        Path plot = Plot.scatter(
                features.getColumn(1).toDoubleVector(),
                labels.toDoubleVector(),
                Axes.of().withLabels("features[:, 1]", "labels"),
                c.out().resolve("3.2-data.png"));
        LOG.info("plot: {}", plot.toAbsolutePath());

        // 3.2.3: w ~ N(0, 0.01^2), b = 0
        Model model = buildModel(Nd4j.randn(DataType.FLOAT, 2, 1).muli(0.01), Nd4j.zeros(DataType.FLOAT, 1));

        // 3.2.7: training
        Random shuffle = new Random(c.seed());
        double[] losses = new double[c.numEpochs()];
        for (int epoch = 0; epoch < c.numEpochs(); epoch++) {
            for (DataSet batch : dataIter(c.batchSize(), features, labels, shuffle)) {
                // l.sum().backward(): gradients of the summed minibatch loss
                Map<String, INDArray> grads = model.sd()
                        .calculateGradients(Map.of("X", batch.getFeatures(), "y", batch.getLabels()), "w", "b");
                sgd(List.of(model.w(), model.b()), grads, c.lr(), c.batchSize());
            }
            losses[epoch] = Divergence.requireFinite(epoch + 1, model.meanLoss(features, labels));
            LOG.info(String.format("epoch %d, loss %f", epoch + 1, losses[epoch]));
        }
        double[] w = model.w().getArr().toDoubleVector();
        double b = model.b().getArr().getDouble(0);
        LOG.info(String.format("error in estimating w: [%.6f, %.6f]", TRUE_W[0] - w[0], TRUE_W[1] - w[1]));
        LOG.info(String.format("error in estimating b: %.6f", TRUE_B - b));
        return new Result(losses, w, b, plot);
    }

    /**
     * Yields shuffled minibatches, the last one possibly smaller: the book's hand-written {@code
     * data_iter}, before {@code loadArray} does the same in 3.3.
     */
    public static Iterable<DataSet> dataIter(int batchSize, INDArray features, INDArray labels, Random rng) {
        int n = (int) features.size(0);
        List<Integer> indices = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            indices.add(i);
        }
        java.util.Collections.shuffle(indices, rng); // examples are read in random order
        return () -> new Iterator<>() {
            int i = 0;

            @Override
            public boolean hasNext() {
                return i < n;
            }

            @Override
            public DataSet next() {
                int[] batch = indices.subList(i, Math.min(i + batchSize, n)).stream()
                        .mapToInt(Integer::intValue)
                        .toArray();
                i += batchSize;
                return new DataSet(features.getRows(batch), labels.getRows(batch));
            }
        };
    }

    /** Builds the graph \( l = \sum \frac{1}{2}(Xw + b - y)^2 \) with the given initial parameters. */
    public static Model buildModel(INDArray w0, INDArray b0) {
        SameDiff sd = SameDiff.create();
        SDVariable X = sd.placeHolder("X", DataType.FLOAT, -1, w0.size(0)); // (batch, 2)
        SDVariable y = sd.placeHolder("y", DataType.FLOAT, -1, 1); // (batch, 1)
        SDVariable w = sd.var("w", w0.dup()); // (2, 1)
        SDVariable b = sd.var("b", b0.dup()); // (1)
        SDVariable yHat = linreg(X, w, b);
        SDVariable loss = squaredLoss(yHat, y).sum("loss");
        sd.setLossVariables(loss);
        return new Model(sd, w, b, yHat, loss);
    }
}
