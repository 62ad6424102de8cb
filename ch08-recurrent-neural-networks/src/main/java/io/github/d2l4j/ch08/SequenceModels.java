package io.github.d2l4j.ch08;

import io.github.d2l4j.common.data.ArrayDataSetIterator;
import io.github.d2l4j.common.data.Data;
import io.github.d2l4j.common.device.ShutdownGate;
import io.github.d2l4j.common.metrics.Metrics;
import io.github.d2l4j.common.model.Dl4jNet;
import io.github.d2l4j.common.model.TorchInit;
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
import java.util.Arrays;
import java.util.List;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An autoregressive model: predict \( x_t \) from the last \( \tau \) observations \( x_{t-1},
 * \ldots, x_{t-\tau} \). On a noisy sine, an MLP on \( \tau = 4 \) lags predicts one step ahead
 * well; fed its own predictions (multistep, or k-step for large k) its errors pile up and the
 * prediction decays to a constant.
 *
 * <p>The network is the book's {@code nn.Sequential(nn.Linear(4, 10), nn.ReLU(), nn.Linear(10,
 * 1))} as a DL4J {@code MultiLayerNetwork}. Where DL4J's defaults differ from PyTorch's:
 *
 * <ul>
 *   <li>weights: the book's {@code xavier_uniform_} is DL4J's {@code XAVIER_UNIFORM}, U(-a, a) with
 *       \( a = \sqrt{6 / (n_\mathrm{in} + n_\mathrm{out})} \); the biases keep PyTorch's default,
 *       U(-1/sqrt(in), 1/sqrt(in)), put back by {@link TorchInit#biases} (DL4J starts them at 0);
 *   <li>loss: DL4J's {@code MSE} is the squared error averaged over the outputs, here one, so it is
 *       the book's {@code nn.MSELoss(reduction='none')}: \( (y - \hat{y})^2 \), no ½;
 *   <li>gradient scale: the book calls {@code l.sum().backward()}, the gradient of the batch's
 *       summed loss, while DL4J divides by the minibatch size. {@code miniBatch(false)} turns the
 *       division off, so each step sees the book's gradient (16 times the mean's, 8 times on the
 *       last batch of 8 rows). Adam would be nearly blind to a constant factor (it divides by the
 *       root of the second moment; only its eps, 1e-8, sees the scale), but not to a factor that
 *       changes between batches, so the sum is kept;
 *   <li>Adam: PyTorch's defaults, beta1 0.9, beta2 0.999, eps 1e-8, set explicitly.
 * </ul>
 *
 * <p>D2L 8.1, Sequence Models.
 */
@BookSection(
        id = "8.1",
        title = "Sequence Models",
        page = "https://zh.d2l.ai/chapter_recurrent-neural-networks/sequence.html")
public final class SequenceModels {
    private static final Logger LOG = LoggerFactory.getLogger(SequenceModels.class);

    /** The book's 1000 time steps. */
    public static final int T = 1000;
    /** The book's embedding dimension: four lags per feature row. */
    public static final int TAU = 4;
    /** The first 600 feature-label pairs train the model. */
    public static final int N_TRAIN = 600;
    /** The longest k-step prediction. */
    public static final int MAX_STEPS = 64;
    /** The k of the book's k-step figure. */
    static final int[] STEPS = {1, 4, 16, 64};

    public record Config(int numEpochs, int batchSize, double lr, long seed, Path out) {
        public Config {
            Scratch.requireTraining(batchSize, lr, numEpochs); // bad values fail before any work
        }

        public static Config from(RunOptions o) {
            return new Config(
                    o.epochs(5), // the book's 5 epochs
                    o.batchSize(16), // the book's minibatch
                    o.lr(0.01), // the book's Adam learning rate
                    o.seed(42), // fixes the noise, the initialisation and the shuffling
                    o.out());
        }
    }

    /**
     * @param losses the book's {@code evaluate_loss} over the 600 training pairs after each epoch
     * @param plots the data, the one-step, the multistep and the k-step figures
     */
    public record Result(double[] losses, List<Path> plots) implements SectionResult {
        @Override
        public Summary summary() {
            return Summary.of()
                    .add("epochs", losses.length)
                    .add("loss", losses[losses.length - 1])
                    .add("plot", plots.get(plots.size() - 1));
        }
    }

    /** The sequence, its lag features and labels. x: (T), features: (T - tau, tau), labels: (T - tau, 1). */
    public record SeqData(INDArray time, INDArray x, INDArray features, INDArray labels) {}

    public static Result run(Config c) {
        SeqData d = data(c.seed());
        Path dataPlot = Plot.plot(
                d.time().toDoubleVector(),
                List.of(d.x().toDoubleVector()),
                axes().withLabels("time", "x"),
                c.out().resolve("8.1-data.png"));

        // only the first n_train pairs train the model
        ArrayDataSetIterator trainIter = Data.loadArray(
                d.features()
                        .get(NDArrayIndex.interval(0, N_TRAIN), NDArrayIndex.all())
                        .dup(),
                d.labels()
                        .get(NDArrayIndex.interval(0, N_TRAIN), NDArrayIndex.all())
                        .dup(),
                c.batchSize(),
                true,
                c.seed());
        MultiLayerNetwork net = getNet(c.lr(), c.seed());
        double[] losses = train(net, trainIter, c.numEpochs());

        // 8.1.2: one-step-ahead predictions
        INDArray onestepPreds = net.output(d.features(), false);
        Path onestepPlot = Plot.plot(
                d.time().toDoubleVector(),
                List.of(d.x().toDoubleVector(), shifted(onestepPreds, TAU)),
                axes().withLabels("time", "x").withLegend("data", "1-step preds"),
                c.out().resolve("8.1-onestep.png"));

        // multistep: from n_train + tau on, the model reads its own predictions
        INDArray multistepPreds = multistep(net, d.x(), N_TRAIN + TAU);
        Path multistepPlot = Plot.plot(
                d.time().toDoubleVector(),
                List.of(d.x().toDoubleVector(), shifted(onestepPreds, TAU), after(multistepPreds, N_TRAIN + TAU)),
                axes().withLabels("time", "x").withLegend("data", "1-step preds", "multistep preds"),
                c.out().resolve("8.1-multistep.png"));

        // k-step predictions for k = 1, 4, 16, 64
        INDArray features = kStepFeatures(net, d.x(), MAX_STEPS);
        List<double[]> curves = new ArrayList<>();
        List<String> legend = new ArrayList<>();
        for (int k : STEPS) {
            // column tau + k - 1 predicts time[tau + k - 1 : T - max_steps + k]
            curves.add(shifted(features.getColumn(TAU + k - 1), TAU + k - 1));
            legend.add(k + "-step preds");
        }
        Path kStepsPlot = Plot.plot(
                d.time().toDoubleVector(),
                curves,
                axes().withLabels("time", "x").withLegend(legend.toArray(String[]::new)),
                c.out().resolve("8.1-ksteps.png"));
        List<Path> plots = List.of(dataPlot, onestepPlot, multistepPlot, kStepsPlot);
        LOG.info("plots: {}", plots);
        return new Result(losses, plots);
    }

    /** The book's figures: 6 by 3 inches, time 1 to 1000. */
    private static Axes axes() {
        return Axes.of().withXlim(1, T).withFigsize(6, 3);
    }

    /**
     * 8.1.2: \( x_t = \sin(0.01 t) + \epsilon \), \( \epsilon \sim N(0, 0.2^2) \), t = 1..1000;
     * feature row i is \( x_i, \ldots, x_{i + \tau - 1} \), its label \( x_{i + \tau} \).
     */
    public static SeqData data(long seed) {
        Nd4j.getRandom().setSeed(seed);
        INDArray time = Nd4j.arange(1, T + 1).castTo(DataType.FLOAT);
        INDArray x = Transforms.sin(time.mul(0.01))
                .addi(Nd4j.randn(DataType.FLOAT, T).muli(0.2));
        return new SeqData(
                time,
                x,
                lagFeatures(x, TAU, T - TAU),
                x.get(NDArrayIndex.interval(TAU, T)).reshape(T - TAU, 1).dup());
    }

    /** (rows, tau): column i holds x[i : i + rows], the book's {@code features[:, i] = x[i: T - tau + i]}. */
    static INDArray lagFeatures(INDArray x, int tau, long rows) {
        INDArray features = Nd4j.zeros(DataType.FLOAT, rows, tau);
        for (int i = 0; i < tau; i++) {
            features.putColumn(i, x.get(NDArrayIndex.interval(i, i + rows)));
        }
        return features;
    }

    /** {@code get_net()}: Linear(4, 10), ReLU, Linear(10, 1), Xavier-uniform weights, MSE, Adam. */
    public static MultiLayerNetwork getNet(double lr, long seed) {
        return net(new Adam(lr, 0.9, 0.999, 1e-8), seed); // PyTorch's betas and eps
    }

    /** {@link #getNet} with another updater: a test steps it with SGD to see the raw gradient. */
    static MultiLayerNetwork net(IUpdater updater, long seed) {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder()
                .seed(seed)
                .updater(updater)
                .miniBatch(false) // the gradient of l.sum(), as the book's backward()
                .weightInit(WeightInit.XAVIER_UNIFORM)
                .list()
                .layer(new DenseLayer.Builder()
                        .nIn(TAU)
                        .nOut(10)
                        .activation(Activation.RELU)
                        .build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE)
                        .nIn(10)
                        .nOut(1)
                        .activation(Activation.IDENTITY)
                        .build())
                .build());
        net.init();
        Nd4j.getRandom().setSeed(seed);
        return TorchInit.biases(net);
    }

    /**
     * The book's {@code train}: per batch one Adam step on the summed loss; after each epoch the
     * mean loss over the training pairs, printed as {@code epoch i, loss: %f}.
     */
    public static double[] train(MultiLayerNetwork net, ArrayDataSetIterator trainIter, int epochs) {
        Dl4jNet evaluated = new Dl4jNet(net);
        double[] losses = new double[epochs];
        for (int epoch = 0; epoch < epochs; epoch++) {
            trainIter.reset();
            while (trainIter.hasNext()) {
                DataSet batch = trainIter.next();
                ShutdownGate.step(() -> {
                    net.fit(batch.getFeatures(), batch.getLabels());
                    return null;
                });
            }
            losses[epoch] = Divergence.requireFinite(epoch + 1, Metrics.evaluateLoss(evaluated, trainIter));
            LOG.info(String.format("epoch %d, loss: %f", epoch + 1, losses[epoch]));
        }
        return losses;
    }

    /**
     * The book's {@code multistep_preds}: the observations up to {@code start}, then each value
     * predicted from the previous tau values of this array, predictions included.
     */
    public static INDArray multistep(MultiLayerNetwork net, INDArray x, int start) {
        INDArray preds = Nd4j.zeros(DataType.FLOAT, x.length());
        preds.get(NDArrayIndex.interval(0, start)).assign(x.get(NDArrayIndex.interval(0, start)));
        for (int i = start; i < x.length(); i++) {
            INDArray window = preds.get(NDArrayIndex.interval(i - TAU, i)).reshape(1, TAU);
            preds.putScalar(i, net.output(window, false).getDouble(0));
        }
        return preds;
    }

    /**
     * The book's k-step features, (T - tau - maxSteps + 1, tau + maxSteps): the first tau columns
     * are observations, column i (i >= tau) the model's prediction from columns i - tau to i - 1,
     * that is the (i - tau + 1)-step-ahead prediction.
     */
    public static INDArray kStepFeatures(MultiLayerNetwork net, INDArray x, int maxSteps) {
        long rows = x.length() - TAU - maxSteps + 1;
        INDArray features = Nd4j.zeros(DataType.FLOAT, rows, TAU + maxSteps);
        features.get(NDArrayIndex.all(), NDArrayIndex.interval(0, TAU)).assign(lagFeatures(x, TAU, rows));
        for (int i = TAU; i < TAU + maxSteps; i++) {
            INDArray window = features.get(NDArrayIndex.all(), NDArrayIndex.interval(i - TAU, i))
                    .dup();
            features.putColumn(i, net.output(window, false).reshape(rows));
        }
        return features;
    }

    /**
     * A curve drawn against the full time axis from index {@code from} on: the book plots each
     * prediction against its own slice of {@code time}; here one time axis serves all curves, and
     * the indices without a value are NaN, which the plot leaves blank.
     */
    static double[] shifted(INDArray values, int from) {
        double[] curve = new double[T];
        Arrays.fill(curve, Double.NaN);
        double[] v = values.toDoubleVector();
        System.arraycopy(v, 0, curve, from, Math.min(v.length, T - from));
        return curve;
    }

    /** {@code values} from index {@code from} on, NaN before it: the book's {@code multistep_preds[n_train + tau:]}. */
    static double[] after(INDArray values, int from) {
        double[] curve = values.toDoubleVector();
        Arrays.fill(curve, 0, from, Double.NaN);
        return curve;
    }
}
