package io.github.d2l4j.ch11;

import io.github.d2l4j.common.data.Airfoil;
import io.github.d2l4j.common.metrics.Timer;
import io.github.d2l4j.common.plot.Axes;
import io.github.d2l4j.common.plot.Plot;
import io.github.d2l4j.common.section.BookSection;
import io.github.d2l4j.common.section.RunOptions;
import io.github.d2l4j.common.section.SectionResult;
import io.github.d2l4j.common.section.Summary;
import io.github.d2l4j.common.train.TrainCh11;
import io.github.d2l4j.common.train.TrainCh11.Param;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Sgd;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Minibatch SGD: between one example a step (SGD) and the whole data set a step (gradient descent),
 * a minibatch makes good use of vectorised hardware and still updates often.
 *
 * <p>The book's steps, in its order:
 *
 * <ol>
 *   <li><b>Vectorisation and caches.</b> A = BC for 256 x 256 matrices, four ways: one element at a time
 *       ({@code torch.dot} of a row and a column, 65,536 calls), one column at a time ({@code torch.mv}), all
 *       at once ({@code torch.mm}), and in blocks of 64 columns. It prints "performance in Gigaflops" with the
 *       book's formula, 2 / seconds. <b>A quirk of the book:</b> the product is 2 x 256^3 = 0.034 GFLOP, so
 *       2 / seconds overstates the rate 60-fold; it is printed as the book prints it, and the true rate
 *       ({@code 0.0336 / seconds}) is in the Result. In Java, the element-wise loop costs one ND4J call per
 *       element, as the book's costs one Python-to-PyTorch call: 1.8-1.9 s on two loaded cores (PyTorch's: 1.1
 *       s), the column loop 0.12-0.15 s (three ND4J calls a column, one writing a strided column view;
 *       PyTorch's 0.005 s), the full and blocked products 1-6 ms.
 *   <li><b>The data</b>, {@code get_data_ch11}: the NASA airfoil self-noise data, z-scored over all 1503 rows,
 *       the first 1500 kept ({@link Airfoil#getDataCh11}).
 *   <li><b>From scratch</b>: the book's {@link #sgd} ({@code p -= lr * p.grad}, no division by the batch size,
 *       since {@code train_ch11} already averages the loss over the batch) in {@link TrainCh11#trainCh11} at
 *       the book's four settings, {@code train_sgd(lr, batch_size, num_epochs=2)}: gradient descent (1, 1500,
 *       10 epochs: one update an epoch), SGD (0.005, 1: 1500 updates an epoch), and minibatches of 100 (0.4)
 *       and 10 (0.05). Each writes its Animator ({@code 11.5-gd.png}, {@code 11.5-sgd.png}, {@code
 *       11.5-bs100.png}, {@code 11.5-bs10.png}) and logs {@code loss: 0.243, 0.012 sec/epoch}.
 *   <li><b>Loss against time</b> for the four runs ({@code 11.5-time.png}, log time axis from 0.01 to 10
 *       s): per example SGD converges fastest, but per second the minibatches win, as batch 1 spends its time
 *       on per-step overhead.
 *   <li><b>Concisely</b>: {@link TrainCh11#trainConciseCh11} with DL4J's {@code Sgd(0.01)} (the book's {@code
 *       torch.optim.SGD}, lr 0.01), batch 10, 4 epochs ({@code 11.5-concise.png}).
 * </ol>
 *
 * <p>Every converging run ends between the least-squares floor of the objective on these 1500 rows, 0.2417,
 * and 0.26; the text quotes no losses (readers report 0.243-0.248). The printed sec/epoch is the book's {@code
 * timer.avg()}, the mean time of one 200-example interval (see {@link TrainCh11}).
 *
 * <p>D2L 11.5, Minibatch Stochastic Gradient Descent.
 */
@BookSection(
        id = "11.5",
        title = "Minibatch Stochastic Gradient Descent",
        page = "https://zh.d2l.ai/chapter_optimization/minibatch-sgd.html")
public final class MinibatchSgd {
    private static final Logger LOG = LoggerFactory.getLogger(MinibatchSgd.class);

    /**
     * @param seed seeds the matrices of the timing demo, the loaders' shuffling and the initial weights
     * @param out the directory the plots are written into
     * @param numEpochs the epochs of the three minibatch runs, {@code train_sgd}'s default 2
     * @param gdEpochs the epochs of the gradient-descent run, the book's 10
     * @param conciseEpochs the epochs of the concise run, the book's 4
     * @param airfoil the data file, or null for the hub's (tests pass a generated one)
     * @param n the rows kept, the book's 1500
     * @param matrixSize the side of the timing demo's matrices, the book's 256
     */
    public record Config(
            long seed, Path out, int numEpochs, int gdEpochs, int conciseEpochs, Path airfoil, int n, int matrixSize) {
        public Config {
            if (numEpochs <= 0 || gdEpochs <= 0 || conciseEpochs <= 0 || n <= 0 || matrixSize < 64) {
                throw new IllegalArgumentException(String.format(
                        "MinibatchSgd: epochs and n must be positive and the matrices at least 64 x 64, got numEpochs"
                                + " %d, gdEpochs %d, conciseEpochs %d, n %d, matrixSize %d",
                        numEpochs, gdEpochs, conciseEpochs, n, matrixSize));
            }
        }

        public static Config from(RunOptions o) {
            return new Config(
                    o.seed(42), // fixes the matrices, the shuffling and the initial weights
                    o.out(),
                    o.epochs(2), // train_sgd's num_epochs=2
                    10, // train_sgd(1, 1500, 10)
                    4, // train_concise_ch11's num_epochs=4
                    null, // the hub's airfoil_self_noise.dat
                    1500, // get_data_ch11's n
                    256); // A, B, C are 256 x 256
        }
    }

    /**
     * @param seconds the timing demo's four times: element, column, full, block
     * @param bookGigaflops the book's {@code 2 / seconds} for each
     * @param gigaflops the true rate, 2 matrixSize^3 / seconds / 1e9
     * @param gd gradient descent, {@code train_sgd(1, 1500, 10)}
     * @param sgd {@code train_sgd(0.005, 1)}
     * @param batch100 {@code train_sgd(0.4, 100)}
     * @param batch10 {@code train_sgd(0.05, 10)}
     * @param concise {@code train_concise_ch11(torch.optim.SGD, {'lr': 0.01}, data_iter)} at batch 10
     * @param timePlot the four runs' loss against time
     */
    public record Result(
            double[] seconds,
            double[] bookGigaflops,
            double[] gigaflops,
            TrainCh11.Result gd,
            TrainCh11.Result sgd,
            TrainCh11.Result batch100,
            TrainCh11.Result batch10,
            TrainCh11.Result concise,
            Path timePlot)
            implements SectionResult {
        /** The four scratch runs in the book's order, then the concise one. */
        public List<TrainCh11.Result> runs() {
            return List.of(gd, sgd, batch100, batch10, concise);
        }

        @Override
        public Summary summary() {
            Summary s = Summary.of();
            String[] names = {"gd", "sgd", "bs100", "bs10", "concise"};
            List<TrainCh11.Result> runs = runs();
            for (int i = 0; i < names.length; i++) {
                s.add(names[i] + "_loss", runs.get(i).finalLoss());
            }
            for (int i = 0; i < names.length; i++) {
                s.add(names[i] + "_sec_per_epoch", runs.get(i).secPerEpoch());
            }
            return s.add("full_gflops", gigaflops[2]).add("plot", timePlot);
        }
    }

    /**
     * The book's {@code sgd(params, states, hyperparams)}: {@code p -= lr * p.grad} for each parameter, with no
     * division by the batch size, as one BLAS {@code axpy} per parameter (no new array a step). The book then
     * zeroes the gradient; {@link TrainCh11#trainCh11}'s backward pass overwrites it instead.
     */
    public static void sgd(List<Param> params, List<INDArray[]> states, Map<String, Double> hyperparams) {
        double lr = hyperparams.get("lr");
        for (Param p : params) {
            Nd4j.getBlasWrapper().level1().axpy(p.data().length(), -lr, p.grad(), p.data()); // p -= lr * p.grad
        }
    }

    /**
     * {@code train_sgd(lr, batch_size, num_epochs)}: {@code get_data_ch11(batch_size)}, then {@code
     * train_ch11(sgd, None, {'lr': lr}, ...)}.
     */
    static TrainCh11.Result trainSgd(Config c, double lr, int batchSize, int numEpochs, String plot) {
        LOG.info("train_sgd(lr={}, batch_size={}, num_epochs={})", lr, batchSize, numEpochs);
        Airfoil.Data data = data(c, batchSize);
        return TrainCh11.trainCh11(
                MinibatchSgd::sgd,
                null,
                Map.of("lr", lr),
                data,
                numEpochs,
                c.seed(),
                c.out().resolve(plot));
    }

    private static Airfoil.Data data(Config c, int batchSize) {
        return c.airfoil() == null
                ? Airfoil.getDataCh11(batchSize, c.n(), c.seed())
                : Airfoil.getDataCh11(c.airfoil(), batchSize, c.n(), c.seed());
    }

    public static Result run(Config c) {
        double[] seconds = timeMatrixProducts(c.matrixSize(), c.seed());
        double[] bookGigaflops = new double[4];
        double[] gigaflops = new double[4];
        double flop = 2.0 * c.matrixSize() * c.matrixSize() * c.matrixSize();
        for (int i = 0; i < 4; i++) {
            bookGigaflops[i] = 2 / seconds[i]; // the book's formula (see the class comment)
            gigaflops[i] = flop / seconds[i] / 1e9;
        }
        LOG.info(String.format(
                "performance in Gigaflops: element %.3f, column %.3f, full %.3f",
                bookGigaflops[0], bookGigaflops[1], bookGigaflops[2]));
        LOG.info(String.format("performance in Gigaflops: block %.3f", bookGigaflops[3]));
        LOG.info(String.format(
                "(the true rates, 2 x %d^3 flop / seconds: element %.3f, column %.3f, full %.3f, block %.3f GFLOP/s)",
                c.matrixSize(), gigaflops[0], gigaflops[1], gigaflops[2], gigaflops[3]));

        TrainCh11.Result gd = trainSgd(c, 1, 1500, c.gdEpochs(), "11.5-gd.png");
        TrainCh11.Result sgd = trainSgd(c, 0.005, 1, c.numEpochs(), "11.5-sgd.png");
        TrainCh11.Result mini1 = trainSgd(c, 0.4, 100, c.numEpochs(), "11.5-bs100.png");
        TrainCh11.Result mini2 = trainSgd(c, 0.05, 10, c.numEpochs(), "11.5-bs10.png");

        List<TrainCh11.Result> runs = List.of(gd, sgd, mini1, mini2);
        Path timePlot = Plot.plot(
                runs.stream().map(TrainCh11.Result::times).toList(),
                runs.stream().map(TrainCh11.Result::losses).toList(),
                Axes.of()
                        .withLabels("time (sec)", "loss")
                        .withXlim(1e-2, 10)
                        .withScales("log", "linear")
                        .withLegend("gd", "sgd", "batch size=100", "batch size=10")
                        .withFigsize(6, 3),
                c.out().resolve("11.5-time.png"));
        LOG.info("plot: {}", timePlot.toAbsolutePath());

        LOG.info("train_concise_ch11(torch.optim.SGD, {'lr': 0.01}, data_iter) at batch size 10");
        TrainCh11.Result concise = TrainCh11.trainConciseCh11(
                new Sgd(0.01), data(c, 10), c.conciseEpochs(), c.seed(), c.out().resolve("11.5-concise.png"));
        return new Result(seconds, bookGigaflops, gigaflops, gd, sgd, mini1, mini2, concise, timePlot);
    }

    /**
     * The timing demo: A = BC for {@code size} x {@code size} standard-normal B and C, element by element,
     * column by column, at once, and in blocks of 64 columns. Returns the four times in seconds, each
     * checked against the full product (a wrong loop would be fast for nothing).
     */
    static double[] timeMatrixProducts(int size, long seed) {
        Nd4j.getRandom().setSeed(seed);
        INDArray a = Nd4j.zeros(DataType.FLOAT, size, size);
        INDArray b = Nd4j.randn(DataType.FLOAT, size, size);
        INDArray c = Nd4j.randn(DataType.FLOAT, size, size);
        INDArray expected = b.mmul(c); // also warms the matrix product up
        Timer timer = new Timer();

        // Compute A = BC one element at a time
        timer.start();
        for (int i = 0; i < size; i++) {
            INDArray row = b.getRow(i);
            for (int j = 0; j < size; j++) {
                a.putScalar(i, j, Nd4j.getBlasWrapper().dot(row, c.getColumn(j)));
            }
        }
        timer.stop();
        requireProduct(a, expected, "element");

        // Compute A = BC one column at a time
        a.assign(0);
        timer.start();
        for (int j = 0; j < size; j++) {
            a.getColumn(j, true).assign(b.mmul(c.getColumn(j, true)));
        }
        timer.stop();
        requireProduct(a, expected, "column");

        // Compute A = BC in one go
        timer.start();
        a = b.mmul(c);
        timer.stop();
        requireProduct(a, expected, "full");

        // Blocks of 64 columns
        a.assign(0);
        timer.start();
        for (int j = 0; j < size; j += 64) {
            INDArrayIndex cols = NDArrayIndex.interval(j, Math.min(j + 64, size));
            a.get(NDArrayIndex.all(), cols).assign(b.mmul(c.get(NDArrayIndex.all(), cols)));
        }
        timer.stop();
        requireProduct(a, expected, "block");
        return timer.times().stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static void requireProduct(INDArray a, INDArray expected, String how) {
        double err = a.sub(expected).amaxNumber().doubleValue();
        if (err > 1e-3 * expected.amaxNumber().doubleValue()) {
            throw new IllegalStateException("the " + how + " product differs from B.mmul(C) by " + err);
        }
    }
}
