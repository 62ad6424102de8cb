package io.github.d2l4j.ch10;

import io.github.d2l4j.common.plot.Axes;
import io.github.d2l4j.common.plot.Heatmaps;
import io.github.d2l4j.common.plot.Plot;
import io.github.d2l4j.common.section.BookSection;
import io.github.d2l4j.common.section.RunOptions;
import io.github.d2l4j.common.section.SectionResult;
import io.github.d2l4j.common.section.Summary;
import io.github.d2l4j.common.train.Divergence;
import io.github.d2l4j.common.train.Scratch;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Attention pooling as Nadaraya-Watson kernel regression: given key-value pairs \( (x_i, y_i) \),
 * the prediction at a query x is the values' average weighted by the attention that x pays to
 * each key,
 *
 * <p>\( f(x) = \sum_i \alpha(x, x_i) y_i = \sum_i \mathrm{softmax}(-\frac{1}{2}((x - x_i)w)^2)
 * y_i \).
 *
 * <p>The book's steps, in its order, on 50 training points \( y_i = 2\sin x_i + x_i^{0.8} +
 * \epsilon \), \( \epsilon \sim N(0, 0.5) \), with \( x_i \) drawn from U(0, 5) and sorted, and the
 * 50 test queries {@code arange(0, 5, 0.1)}:
 *
 * <ol>
 *   <li><b>average pooling</b>, \( f(x) = \frac{1}{n} \sum_i y_i \), a flat line far from the truth
 *       ({@code 10.2-average.png});
 *   <li><b>nonparametric attention pooling</b>, the Gaussian kernel with w = 1: the nearer a key to
 *       the query, the more weight its value gets ({@code 10.2-nonparametric.png}, and the weights
 *       as a heatmap, {@code 10.2-nonparametric-heatmap.png}: a band along the diagonal, since
 *       both inputs are sorted);
 *   <li><b>batch matrix multiplication</b> ({@code torch.bmm}), which the model uses to weigh the
 *       values of each query: (2, 1, 4) x (2, 4, 6) gives (2, 1, 6), and weights of 0.1 over
 *       {@code arange(20)} in two rows of 10 give [[[4.5]], [[14.5]]];
 *   <li><b>parametric attention pooling</b>, the book's {@code NWKernelRegression} with one
 *       learnable scalar w ({@code torch.rand((1,))}, U(0, 1)), trained for 5 epochs of full-batch
 *       SGD at lr 0.5 on the summed squared error ({@code MSELoss(reduction='none')}, then {@code
 *       l.sum().backward()}). Each training point is a query whose keys and values are the other
 *       49 points (the book's {@code X_tile[(1 - torch.eye(n_train)).type(torch.bool)]}, shape
 *       (50, 49)): with itself among its keys, w would grow without bound and each point would
 *       predict its own noisy value. The loss printed each epoch is the one computed before that
 *       epoch's step, as the book prints it ({@code 10.2-train.png}). The gradient of w is
 *       SameDiff's.
 * </ol>
 *
 * <p>Trained, w is large (18.7 here with seed 42; 10.3 to 29.5 with the book's PyTorch code over
 * seeds 42-49 but one), so each query attends to few keys: the parametric fit follows the noisy
 * points and is less smooth ({@code 10.2-parametric.png}), and its heatmap ({@code
 * 10.2-parametric-heatmap.png}) is a narrower, darker diagonal band than the nonparametric one. Drawn near 0 (w = 0.007 with PyTorch's seed 45), w gets almost no gradient
 * (the loss depends on \( w^2 \)), the weights stay nearly uniform and the loss does not fall: the
 * book's code does that too.
 *
 * <p>The book's {@code queries.repeat_interleave(keys.shape[1]).reshape((-1, keys.shape[1]))}
 * copies each query along its row of keys; here the (n, 1) column of queries is broadcast against
 * the (n, m) keys, which is the same subtraction.
 *
 * <p>D2L 10.2, Attention Pooling: Nadaraya-Watson Kernel Regression.
 */
@BookSection(
        id = "10.2",
        title = "Attention Pooling: Nadaraya-Watson Kernel Regression",
        page = "https://zh.d2l.ai/chapter_attention-mechanisms/nadaraya-waston.html")
public final class NadarayaWatson {
    private static final Logger LOG = LoggerFactory.getLogger(NadarayaWatson.class);

    /**
     * @param nTrain training points
     * @param lr SGD's learning rate
     * @param numEpochs full-batch steps
     * @param seed fixes the data and w's initial value
     * @param out the directory the plots are written into
     */
    public record Config(int nTrain, double lr, int numEpochs, long seed, Path out) {
        public Config {
            Scratch.requireTraining(nTrain, lr, numEpochs);
            if (nTrain < 2) { // leave-one-out needs another point to attend to
                throw new IllegalArgumentException("NadarayaWatson: nTrain must be at least 2, got " + nTrain);
            }
        }

        public static Config from(RunOptions o) {
            return new Config(
                    50, // the book's n_train
                    o.lr(0.5), // the book's SGD(lr=0.5)
                    o.epochs(5), // the book's 5 epochs
                    o.seed(42), // fixes the data and w's draw, so that runs repeat
                    o.out());
        }
    }

    /**
     * The data: sorted training inputs and noisy outputs, the test inputs and their true outputs.
     *
     * @param xTrain (nTrain), sorted
     * @param yTrain (nTrain)
     * @param xTest (nTest), {@code arange(0, 5, 0.1)}
     * @param yTruth (nTest), f at xTest
     */
    public record Data(INDArray xTrain, INDArray yTrain, INDArray xTest, INDArray yTruth) {
        int nTrain() {
            return (int) xTrain.length();
        }

        int nTest() {
            return (int) xTest.length();
        }
    }

    /**
     * @param nTest the number of test points, 50 in the book
     * @param bmmShape the shape of {@code bmm(ones(2, 1, 4), ones(2, 4, 6))}
     * @param bmmWeighted {@code bmm(0.1 ones(2, 1, 10), arange(20).reshape(2, 10, 1))}
     * @param keysShape the shape of the leave-one-out keys (and values) of training
     * @param averagePrediction average pooling's prediction at the test points
     * @param nonparametricWeights (nTest, nTrain) attention weights of the Gaussian kernel
     * @param nonparametricPrediction its prediction at the test points
     * @param losses the summed squared error printed at each epoch, before that epoch's step
     * @param w the trained weight
     * @param parametricWeights (nTest, nTrain) attention weights of the trained model
     * @param parametricPrediction its prediction at the test points
     * @param plots the three fits, the training loss, and the two heatmaps
     */
    public record Result(
            int nTest,
            long[] bmmShape,
            INDArray bmmWeighted,
            long[] keysShape,
            INDArray averagePrediction,
            INDArray nonparametricWeights,
            INDArray nonparametricPrediction,
            double[] losses,
            double w,
            INDArray parametricWeights,
            INDArray parametricPrediction,
            List<Path> plots)
            implements SectionResult {
        @Override
        public Summary summary() {
            Summary s = Summary.of()
                    .add("n_test", nTest)
                    .add("epochs", losses.length)
                    .add("first_loss", losses[0])
                    .add("loss", losses[losses.length - 1])
                    .add("w", w);
            for (Path p : plots) {
                String name = p.getFileName().toString();
                s.add(name.substring("10.2-".length(), name.length() - ".png".length()), p);
            }
            return s;
        }
    }

    public static Result run(Config c) {
        Nd4j.getRandom().setSeed(c.seed());
        Data d = data(c.nTrain());
        LOG.info("n_test = {}", d.nTest());
        List<Path> plots = new ArrayList<>();

        // Average pooling: every query gets the mean of the training outputs.
        INDArray yHatAverage = Nd4j.valueArrayOf(
                new long[] {d.nTest()}, d.yTrain().meanNumber().floatValue());
        plots.add(plotKernelReg(d, yHatAverage, c.out().resolve("10.2-average.png")));

        // Nonparametric attention pooling: X_repeat is (n_test, n_train), each row one query repeated.
        INDArray xRepeat = Nd4j.tile(d.xTest().reshape(d.nTest(), 1), 1, d.nTrain());
        INDArray attentionWeights =
                softmaxRows(Transforms.pow(xRepeat.subRowVector(d.xTrain().reshape(1, d.nTrain())), 2)
                        .div(-2));
        INDArray yHatNonparametric =
                attentionWeights.mmul(d.yTrain().reshape(d.nTrain(), 1)).reshape(d.nTest());
        plots.add(plotKernelReg(d, yHatNonparametric, c.out().resolve("10.2-nonparametric.png")));
        plots.add(heatmap(attentionWeights, c.out().resolve("10.2-nonparametric-heatmap.png")));

        // Batch matrix multiplication, which the parametric model uses.
        long[] bmmShape = Nd4j.matmul(Nd4j.ones(DataType.FLOAT, 2, 1, 4), Nd4j.ones(DataType.FLOAT, 2, 4, 6))
                .shape();
        LOG.info("torch.bmm(X, Y).shape = {}", Arrays.toString(bmmShape));
        INDArray weights = Nd4j.ones(DataType.FLOAT, 2, 10).mul(0.1);
        INDArray values = Nd4j.arange(20.0).castTo(DataType.FLOAT).reshape(2, 10);
        INDArray bmmWeighted = Nd4j.matmul(weights.reshape(2, 1, 10), values.reshape(2, 10, 1));
        LOG.info("torch.bmm(weights.unsqueeze(1), values.unsqueeze(-1)) =\n{}", bmmWeighted);

        // Parametric attention pooling, trained on leave-one-out keys and values.
        INDArray trainKeys = leaveOneOut(d.xTrain());
        INDArray trainValues = leaveOneOut(d.yTrain());
        LOG.info("keys.shape = {}", Arrays.toString(trainKeys.shape()));
        NWKernelRegression net = new NWKernelRegression(Nd4j.rand(DataType.FLOAT, 1)); // torch.rand((1,))
        double[] losses = new double[c.numEpochs()];
        for (int epoch = 0; epoch < c.numEpochs(); epoch++) {
            losses[epoch] = net.sgdStep(d.xTrain(), trainKeys, trainValues, d.yTrain(), c.lr());
            Divergence.requireFinite(epoch + 1, losses[epoch]);
            LOG.info(String.format(Locale.ROOT, "epoch %d, loss %.6f", epoch + 1, losses[epoch]));
        }
        plots.add(plotLoss(losses, c.out().resolve("10.2-train.png")));
        LOG.info("w = {}", net.w());

        // Every test query attends to all training points.
        INDArray testKeys = Nd4j.tile(d.xTrain().reshape(1, d.nTrain()), d.nTest(), 1);
        INDArray testValues = Nd4j.tile(d.yTrain().reshape(1, d.nTrain()), d.nTest(), 1);
        Map<String, INDArray> out = net.forward(d.xTest(), testKeys, testValues);
        INDArray yHatParametric = out.get(NWKernelRegression.Y_HAT);
        INDArray parametricWeights = out.get(NWKernelRegression.ATTENTION_WEIGHTS);
        plots.add(plotKernelReg(d, yHatParametric, c.out().resolve("10.2-parametric.png")));
        plots.add(heatmap(parametricWeights, c.out().resolve("10.2-parametric-heatmap.png")));
        plots.forEach(p -> LOG.info("plot: {}", p.toAbsolutePath()));

        return new Result(
                d.nTest(),
                bmmShape,
                bmmWeighted,
                trainKeys.shape(),
                yHatAverage,
                attentionWeights,
                yHatNonparametric,
                losses,
                net.w(),
                parametricWeights,
                yHatParametric,
                List.copyOf(plots));
    }

    /** The true function, \( f(x) = 2 \sin x + x^{0.8} \). */
    static INDArray f(INDArray x) {
        return Transforms.sin(x).mul(2).add(Transforms.pow(x, 0.8));
    }

    /**
     * The book's data from the current random state: {@code nTrain} sorted inputs {@code rand * 5},
     * outputs f plus N(0, 0.5) noise, and the test inputs {@code arange(0, 5, 0.1)}.
     */
    static Data data(int nTrain) {
        double[] x = Nd4j.rand(DataType.FLOAT, nTrain).mul(5).toDoubleVector();
        Arrays.sort(x); // torch.sort
        INDArray xTrain = Nd4j.createFromArray(x).castTo(DataType.FLOAT);
        INDArray yTrain = f(xTrain).add(Nd4j.randn(DataType.FLOAT, nTrain).mul(0.5));
        INDArray xTest = arange(0, 5, 0.1);
        return new Data(xTrain, yTrain, xTest, f(xTest));
    }

    /** {@code torch.arange(start, end, step)}: ceil((end - start) / step) values start + i step. */
    static INDArray arange(double start, double end, double step) {
        int n = (int) Math.ceil((end - start) / step);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (start + i * step);
        }
        return Nd4j.createFromArray(v);
    }

    /** Softmax along each row of a matrix ({@code softmax(..., dim=1)}). */
    static INDArray softmaxRows(INDArray scores) {
        INDArray e = Transforms.exp(scores.subColumnVector(scores.max(1).reshape(scores.size(0), 1)));
        return e.divColumnVector(e.sum(1).reshape(scores.size(0), 1));
    }

    /**
     * The (n, n - 1) matrix whose row i is {@code v} without element i: the book's {@code
     * v.repeat((n, 1))[(1 - torch.eye(n)).type(torch.bool)].reshape((n, -1))}.
     */
    static INDArray leaveOneOut(INDArray v) {
        int n = (int) v.length();
        float[] x = v.castTo(DataType.FLOAT).toFloatVector();
        float[][] kept = new float[n][n - 1];
        for (int i = 0; i < n; i++) { // row i of X_tile, where the mask 1 - eye(n) is true
            for (int j = 0, k = 0; j < n; j++) {
                if (j != i) {
                    kept[i][k++] = x[j];
                }
            }
        }
        return Nd4j.createFromArray(kept);
    }

    /** The book's {@code plot_kernel_reg}: truth and prediction at the test inputs, training points over them. */
    static Path plotKernelReg(Data d, INDArray yHat, Path png) {
        return Plot.plotWithPoints(
                d.xTest().toDoubleVector(),
                List.of(d.yTruth().toDoubleVector(), yHat.toDoubleVector()),
                d.xTrain().toDoubleVector(),
                d.yTrain().toDoubleVector(),
                Axes.of()
                        .withLabels("x", "y")
                        .withLegend("Truth", "Pred")
                        .withXlim(0, 5)
                        .withYlim(-1, 5),
                png);
    }

    /**
     * The book's {@code Animator(xlabel='epoch', ylabel='loss', xlim=[1, 5])}, drawn once after the
     * five steps (each takes milliseconds) so that the printed lines are the book's alone.
     */
    static Path plotLoss(double[] losses, Path png) {
        double[] epochs = new double[losses.length];
        for (int i = 0; i < losses.length; i++) {
            epochs[i] = i + 1;
        }
        Axes axes = Axes.of().withLabels("epoch", "loss");
        return Plot.plot(epochs, List.of(losses), losses.length > 1 ? axes.withXlim(1, losses.length) : axes, png);
    }

    /** The book's {@code show_heatmaps} of one (n_test, n_train) matrix of attention weights. */
    static Path heatmap(INDArray attentionWeights, Path png) {
        return Heatmaps.showHeatmaps(
                attentionWeights.reshape(1, 1, attentionWeights.size(0), attentionWeights.size(1)),
                "Sorted training inputs",
                "Sorted testing inputs",
                png);
    }

    /**
     * The book's {@code NWKernelRegression}: one learnable scalar w; for queries (n), keys and
     * values (n, m), the weights \( \mathrm{softmax}(-((q - k) w)^2 / 2) \) along each row and the
     * prediction {@code bmm(weights.unsqueeze(1), values.unsqueeze(-1)).reshape(-1)}, as a SameDiff
     * graph whose loss is the book's summed squared error.
     */
    static final class NWKernelRegression {
        static final String Y_HAT = "y_hat";
        static final String ATTENTION_WEIGHTS = "attention_weights";
        static final String LOSS = "loss";

        private final SameDiff sd = SameDiff.create();
        private final SDVariable w;

        NWKernelRegression(INDArray w0) {
            SDVariable queries = sd.placeHolder("queries", DataType.FLOAT, -1);
            SDVariable keys = sd.placeHolder("keys", DataType.FLOAT, -1, -1);
            SDVariable values = sd.placeHolder("values", DataType.FLOAT, -1, -1);
            SDVariable y = sd.placeHolder("y", DataType.FLOAT, -1);
            w = sd.var("w", w0.castTo(DataType.FLOAT).reshape(1));
            // queries as a column, broadcast along each row of keys (the book's repeat_interleave)
            SDVariable diff = sd.expandDims(queries, 1).sub(keys).mul(w);
            SDVariable attentionWeights =
                    sd.nn.softmax(ATTENTION_WEIGHTS, sd.math.square(diff).div(-2), 1);
            SDVariable yHat = sd.mmul(sd.expandDims(attentionWeights, 1), sd.expandDims(values, 2))
                    .reshape(-1);
            yHat = sd.identity(Y_HAT, yHat);
            SDVariable l = sd.math.square(yHat.sub(y)); // MSELoss(reduction='none')
            sd.setLossVariables(l.sum(LOSS)); // l.sum().backward()
        }

        double w() {
            return w.getArr().getDouble(0);
        }

        /** The weights and prediction for these queries, keys and values. */
        Map<String, INDArray> forward(INDArray queries, INDArray keys, INDArray values) {
            return sd.output(Map.of("queries", queries, "keys", keys, "values", values), ATTENTION_WEIGHTS, Y_HAT);
        }

        /** The summed squared error against y, and the gradient of w, at the current w. */
        Map<String, INDArray> lossAndGradient(INDArray queries, INDArray keys, INDArray values, INDArray y) {
            Map<String, INDArray> feed = Map.of("queries", queries, "keys", keys, "values", values, "y", y);
            INDArray loss = sd.output(feed, LOSS).get(LOSS);
            INDArray grad = sd.calculateGradients(feed, "w").get("w");
            return Map.of(LOSS, loss, "w", grad);
        }

        /** One step of SGD on the summed loss; returns the loss before the step, as the book prints it. */
        double sgdStep(INDArray queries, INDArray keys, INDArray values, INDArray y, double lr) {
            Map<String, INDArray> lg = lossAndGradient(queries, keys, values, y);
            w.getArr().subi(lg.get("w").mul(lr)); // trainer.step()
            return lg.get(LOSS).getDouble(0);
        }
    }
}
