package io.github.d2l4j.ch11;

import io.github.d2l4j.common.data.ArrayDataSetIterator;
import io.github.d2l4j.common.data.DataIters;
import io.github.d2l4j.common.data.FashionMnist;
import io.github.d2l4j.common.device.OneDnn;
import io.github.d2l4j.common.device.ShutdownGate;
import io.github.d2l4j.common.device.Threads;
import io.github.d2l4j.common.metrics.Accumulator;
import io.github.d2l4j.common.metrics.Metrics;
import io.github.d2l4j.common.metrics.Timer;
import io.github.d2l4j.common.model.Dl4jNet;
import io.github.d2l4j.common.model.Net;
import io.github.d2l4j.common.model.TorchInit;
import io.github.d2l4j.common.optim.CosineScheduler;
import io.github.d2l4j.common.optim.FactorScheduler;
import io.github.d2l4j.common.optim.Schedules;
import io.github.d2l4j.common.optim.SquareRootScheduler;
import io.github.d2l4j.common.plot.Animator;
import io.github.d2l4j.common.plot.Axes;
import io.github.d2l4j.common.plot.Plot;
import io.github.d2l4j.common.section.BookSection;
import io.github.d2l4j.common.section.RunOptions;
import io.github.d2l4j.common.section.SectionResult;
import io.github.d2l4j.common.section.Summary;
import io.github.d2l4j.common.train.Divergence;
import io.github.d2l4j.common.train.TrainCh3;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import me.tongfei.progressbar.ProgressBar;
import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.distribution.UniformDistribution;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.schedule.FixedSchedule;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.linalg.schedule.MapSchedule;
import org.nd4j.linalg.schedule.ScheduleType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the learning rate changes over training matters as much as the optimiser: the book trains
 * one modern LeNet on Fashion-MNIST five times, at a constant \( \eta = 0.3 \), with the square-root
 * schedule \( \eta_t = \eta_0 (t + 1)^{-1/2} \), with a multi-step schedule, with a cosine schedule
 * \( \eta_t = \eta_T + \frac{\eta_0 - \eta_T}{2} (1 + \cos(\pi t / T)) \) and with the cosine after
 * a linear warm-up, and plots each schedule (and a factor schedule, \( \eta_{t+1} = \max(\eta_{\min},
 * \eta_t \alpha) \)) over the epochs.
 *
 * <p><b>The network</b> ({@link #netFn}) is the book's {@code net_fn()}: LeNet with ReLU and max
 * pooling, as a DL4J {@code MultiLayerNetwork}. The book does not initialise it, so it starts from
 * PyTorch's <em>default</em> initialisation: weights and biases U(-1/sqrt(fan_in), 1/sqrt(fan_in))
 * ({@code kaiming_uniform_} with a = sqrt(5) comes to that bound). This differs from {@code
 * train_ch6}'s Xavier-uniform of 6.6, and from DL4J's defaults (Xavier weights, zero biases).
 *
 * <p><b>The training loop</b> ({@link #train}) is the book's local {@code train(...)}, not {@code
 * train_ch6}: CrossEntropy (mean), SGD, a point of the running train loss and accuracy every 50
 * batches, the test accuracy after each epoch, <em>then</em> the learning-rate update for the next
 * epoch. The learning rate is a DL4J {@code ISchedule} over epochs in the network's {@code Sgd},
 * and the loop advances DL4J's epoch counter ({@code incrementEpochCount()}) where the book updates
 * its lr: the loop trains batch by batch through {@code fit(X, y)}, which (unlike {@code
 * fit(iterator)}) never advances the counter. So the schedule is the network's own, as a DL4J user
 * would set it, and what each epoch trains with is read back from the network ({@code
 * getLearningRate}) and reported. The book's lr update gives:
 *
 * <ul>
 *   <li>custom schedulers ({@code lr = scheduler(epoch)} after epoch {@code epoch}): epoch 0 at the
 *       trainer's lr, epoch k at {@code scheduler(k - 1)} ({@link Schedules#afterEachEpoch}); with
 *       warm-up, epoch 0 runs at 0.3 and epoch 1 at 0.0, where no parameter moves;
 *   <li>PyTorch's {@code MultiStepLR} ({@code scheduler.step()} after each epoch): epoch k at the
 *       schedule's value after k more steps. <b>The book's quirk</b> (trap 15): its plot of the
 *       multi-step schedule steps the very optimiser and scheduler it then trains with, {@code
 *       num_epochs} times, so training starts that many steps in: with 30 epochs at 0.5 * 0.5^2 =
 *       0.125, with no milestone left, so the "multi-factor" run trains at a constant 0.125 ({@link
 *       Schedules#booksMultiStepTrainingRate}). This class reproduces that.
 * </ul>
 *
 * <p>D2L 11.11, Learning Rate Scheduling.
 */
@BookSection(
        id = "11.11",
        title = "Learning Rate Scheduling",
        page = "https://zh.d2l.ai/chapter_optimization/lr-scheduler.html")
public final class LearningRateScheduling {
    private static final Logger LOG = LoggerFactory.getLogger(LearningRateScheduling.class);

    /** The book plots the running train metrics every 50 batches: {@code (i + 1) % 50 == 0}. */
    static final int PLOT_EVERY = 50;

    /** The book's five training runs, in its order; {@code key} names each in files and the summary. */
    public enum Run {
        CONSTANT("constant"),
        SQUARE_ROOT("sqrt"),
        MULTI_STEP("multistep"),
        COSINE("cosine"),
        WARMUP("warmup");

        public final String key;

        Run(String key) {
            this.key = key;
        }
    }

    /**
     * @param runs which of the book's runs to train, in the book's order (all five by default; no
     *     {@code ./d2l} option chooses them, so a program or a test picks them here)
     * @param trainSize train on the first N examples only, or null for all 60,000
     */
    public record Config(int batchSize, int numEpochs, long seed, Path out, Integer trainSize, List<Run> runs) {
        public Config {
            if (batchSize <= 0 || numEpochs <= 0) {
                throw new IllegalArgumentException("batch size and number of epochs must be positive, got batchSize="
                        + batchSize + ", numEpochs=" + numEpochs);
            }
            if (trainSize != null && trainSize <= 0) {
                throw new IllegalArgumentException("train size must be positive, got " + trainSize);
            }
            if (runs == null || runs.isEmpty() || runs.stream().anyMatch(Objects::isNull)) {
                throw new IllegalArgumentException("need at least one run, got " + runs);
            }
            runs = List.copyOf(runs);
        }

        public static Config from(RunOptions o) {
            return new Config(
                    o.batchSize(256), // the book's minibatch for Fashion-MNIST
                    o.epochs(30), // the book's 30 epochs
                    o.seed(42), // fixes initialisation and shuffling, so that runs repeat
                    o.out(),
                    o.trainSize(), // the book trains on all 60,000; fewer bring a run down to minutes
                    List.of(Run.values())); // the book's five runs; each has its own trainer lr
        }
    }

    /** One epoch of a run: the lr it trained with, then the book's metrics and the training seconds. */
    public record Epoch(int epoch, double lr, double trainLoss, double trainAcc, double testAcc, double seconds) {}

    /**
     * One run: its schedule as the book plots it (empty for the constant run), the epochs and the
     * Animator's PNG.
     */
    public record RunResult(
            Run run, double[] schedule, Path schedulePlot, List<Epoch> epochs, double secPerEpoch, Path plot) {
        public Epoch last() {
            return epochs.get(epochs.size() - 1);
        }
    }

    /**
     * @param lrLine the book's {@code learning rate is now 0.10}
     * @param factorSchedule the factor scheduler's 50 plotted values
     */
    public record Result(String lrLine, double[] factorSchedule, Path factorPlot, List<RunResult> runs)
            implements SectionResult {
        /** The summary: each run's final train loss, train and test accuracy and plots, then timing. */
        @Override
        public Summary summary() {
            Summary s = Summary.of().add("epochs", runs.get(0).epochs().size());
            List<Double> seconds = new ArrayList<>();
            for (RunResult r : runs) {
                s.add(r.run().key + "_train_loss", r.last().trainLoss())
                        .add(r.run().key + "_train_acc", r.last().trainAcc())
                        .add(r.run().key + "_test_acc", r.last().testAcc())
                        .add(r.run().key + "_plot", r.plot());
                if (r.schedulePlot() != null) {
                    s.add(r.run().key + "_lr_plot", r.schedulePlot());
                }
                r.epochs().forEach(e -> seconds.add(e.seconds()));
            }
            return s.add("factor_lr_plot", factorPlot).add("sec_per_epoch", median(seconds));
        }
    }

    public static Result run(Config c) {
        DataIters data = FashionMnist.loadDataFashionMnist(c.batchSize(), null, c.trainSize(), c.seed());
        Threads.applyConvolutionDefault(); // as train_ch6 does, unless threads were set
        List<RunResult> runs = new ArrayList<>();
        String lrLine = null;
        double[] factor = null;
        Path factorPlot = null;
        for (Run run : Run.values()) {
            if (c.runs().contains(run)) {
                runs.add(train(run, data, c));
            }
            if (run == Run.CONSTANT) {
                lrLine = setLearningRateTo01(c.seed()); // the book's next cell, after the constant run
            }
            if (run == Run.SQUARE_ROOT) {
                // the book's next cell: the factor scheduler, only plotted, over 50 steps
                factor = values(new FactorScheduler(0.9, 1e-2, 2.0), 50);
                LOG.info("FactorScheduler(factor=0.9, stop_factor_lr=1e-2, base_lr=2.0): {}", Arrays.toString(factor));
                factorPlot = plotSchedule(factor, c.out().resolve("11.11-factor-lr.png"));
            }
        }
        return new Result(lrLine, factor, factorPlot, List.copyOf(runs));
    }

    /**
     * The book's {@code net_fn()}: Conv(1→6, k5, p2), ReLU, MaxPool(2, 2), Conv(6→16, k5), ReLU,
     * MaxPool(2, 2), flatten, 400→120, ReLU, 120→84, ReLU, 84→10, with PyTorch's default
     * initialisation, and SGD at the learning rate {@code lr} gives each epoch (DL4J's epoch
     * counter). The convolutions and pools run on oneDNN ({@link OneDnn#layerHelpers}).
     */
    public static MultiLayerNetwork netFn(ISchedule lr, long seed) {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder()
                .seed(seed)
                .updater(new Sgd(lr))
                .convolutionMode(ConvolutionMode.Truncate)
                .cacheMode(CacheMode.DEVICE) // keeps forward results for backprop
                .list()
                .layer(new ConvolutionLayer.Builder(5, 5)
                        .nOut(6)
                        .padding(2, 2)
                        .activation(Activation.RELU)
                        .weightInit(torchDefault(1 * 5 * 5))
                        .build())
                .layer(maxPool())
                .layer(new ConvolutionLayer.Builder(5, 5)
                        .nOut(16)
                        .activation(Activation.RELU)
                        .weightInit(torchDefault(6 * 5 * 5))
                        .build())
                .layer(maxPool())
                .layer(new DenseLayer.Builder()
                        .nOut(120)
                        .activation(Activation.RELU)
                        .weightInit(torchDefault(16 * 5 * 5))
                        .build())
                .layer(new DenseLayer.Builder()
                        .nOut(84)
                        .activation(Activation.RELU)
                        .weightInit(torchDefault(120))
                        .build())
                // softmax with multi-class cross-entropy, averaged over the batch: nn.CrossEntropyLoss()
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                        .nOut(10)
                        .activation(Activation.SOFTMAX)
                        .weightInit(torchDefault(84))
                        .build())
                .setInputType(InputType.convolutional(28, 28, 1))
                .build());
        net.init();
        Nd4j.getRandom().setSeed(seed);
        TorchInit.biases(net); // PyTorch's default biases too (DL4J's are 0)
        return OneDnn.layerHelpers(net);
    }

    /** PyTorch's default weight initialisation for a layer with {@code fanIn} inputs: U(-1/sqrt(fanIn), ...). */
    private static UniformDistribution torchDefault(int fanIn) {
        double bound = 1 / Math.sqrt(fanIn);
        return new UniformDistribution(-bound, bound);
    }

    /** {@code nn.MaxPool2d(kernel_size=2, stride=2)}. */
    private static SubsamplingLayer maxPool() {
        return new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX)
                .kernelSize(2, 2)
                .stride(2, 2)
                .build();
    }

    /**
     * The schedule the book's scheduler {@code run} is plotted as, over {@code numEpochs} values
     * ({@code [scheduler(t) for t in range(num_epochs)]}); null for the constant run, which the
     * book does not plot. For the multi-step run these are the values its plotting loop returns:
     * 0.5 for t = 0-14, then 0.25.
     */
    static ISchedule bookScheduler(Run run) {
        return switch (run) {
            case CONSTANT -> null;
            case SQUARE_ROOT -> new SquareRootScheduler(0.1);
            case MULTI_STEP -> Schedules.multiStepLr(0.5, 0.5, 15, 30); // MultiStepLR on SGD(lr=0.5)
            case COSINE -> new CosineScheduler(20, 0.3, 0.01);
            case WARMUP -> new CosineScheduler(20, 0.3, 0.01, 5, 0);
        };
    }

    /**
     * The learning rate each epoch of {@code run} trains with, as a DL4J schedule over epochs: what
     * the book's loop makes of its scheduler (see the class javadoc).
     */
    static ISchedule trainingSchedule(Run run, int numEpochs) {
        ISchedule scheduler = bookScheduler(run);
        return switch (run) {
            case CONSTANT -> new FixedSchedule(0.3);
            case SQUARE_ROOT -> Schedules.afterEachEpoch(scheduler, 0.1); // trainer = SGD(lr=0.1)
            case MULTI_STEP -> afterPlotting(scheduler, numEpochs, numEpochs);
            case COSINE, WARMUP -> Schedules.afterEachEpoch(scheduler, 0.3); // trainer = SGD(lr=0.3)
        };
    }

    /**
     * Trap 15: PyTorch's {@code MultiStepLR} after the book's plotting loop has stepped it {@code
     * plottedSteps} times, then once after each epoch: epoch k trains at {@code
     * schedule(plottedSteps + k)}. With the book's 30 epochs every value is 0.125, {@link
     * Schedules#booksMultiStepTrainingRate}; with fewer epochs a milestone may still lie ahead, so
     * this writes out each epoch.
     */
    static MapSchedule afterPlotting(ISchedule schedule, int plottedSteps, int numEpochs) {
        MapSchedule.Builder b = new MapSchedule.Builder(ScheduleType.EPOCH);
        for (int k = 0; k < numEpochs; k++) {
            b.add(k, schedule.valueAt(0, plottedSteps + k));
        }
        return b.build();
    }

    /** {@code [scheduler(t) for t in range(n)]}. */
    static double[] values(ISchedule scheduler, int n) {
        double[] v = new double[n];
        for (int t = 0; t < n; t++) {
            v[t] = scheduler.valueAt(0, t);
        }
        return v;
    }

    /** {@code d2l.plot(d2l.arange(n), values)}. */
    private static Path plotSchedule(double[] values, Path png) {
        double[] t = new double[values.length];
        Arrays.setAll(t, i -> i);
        return Plot.plot(t, List.of(values), Axes.of(), png);
    }

    /** One of the book's runs: plot its schedule, build a fresh {@code net_fn()}, train it. */
    private static RunResult train(Run run, DataIters data, Config c) {
        ISchedule scheduler = bookScheduler(run);
        double[] schedule = scheduler == null ? new double[0] : values(scheduler, c.numEpochs());
        Path schedulePlot = null;
        if (scheduler != null) {
            LOG.info("{}: {}", scheduler, Arrays.toString(schedule));
            schedulePlot = plotSchedule(schedule, c.out().resolve("11.11-" + run.key + "-lr.png"));
        }
        LOG.info("-- {} --", run.key);
        MultiLayerNetwork net = netFn(trainingSchedule(run, c.numEpochs()), c.seed());
        Trained t = train(net, data, c.numEpochs(), c.out().resolve("11.11-" + run.key + ".png"), run.key);
        return new RunResult(run, schedule, schedulePlot, t.epochs(), t.secPerEpoch(), t.plot());
    }

    /** What {@link #train(MultiLayerNetwork, DataIters, int, Path, String)} returns. */
    record Trained(List<Epoch> epochs, double secPerEpoch, Path plot) {}

    /**
     * The book's {@code train(net, train_iter, test_iter, num_epochs, loss, trainer, device,
     * scheduler)}: the learning rate comes from the network's own schedule, and the scheduler's
     * update after each epoch is DL4J's epoch counter moving on.
     */
    static Trained train(MultiLayerNetwork net, DataIters data, int numEpochs, Path plot, String label) {
        Net model = new Dl4jNet(net);
        Animator animator = new Animator(
                Axes.of()
                        .withLabels("epoch", null)
                        .withXlim(0, numEpochs)
                        .withLegend("train loss", "train acc", "test acc"),
                plot);
        Timer timer = new Timer();
        List<Epoch> epochs = new ArrayList<>();
        for (int epoch = 0; epoch < numEpochs; epoch++) {
            double lr = net.getLearningRate(0); // what this epoch trains with
            List<double[]> points = new ArrayList<>(); // drawn after the epoch, so its time holds no plotting
            timer.start();
            double[] train = trainEpoch(model, data.train(), epoch, points, label + " epoch " + (epoch + 1));
            double seconds = timer.stop();
            Divergence.requireFinite(epoch + 1, train[0]);
            double testAcc = Metrics.evaluateAccuracy(model, data.test());
            for (double[] p : points) {
                animator.add(p[0], p[1], p[2], null);
            }
            animator.add(epoch + 1, null, null, testAcc);
            epochs.add(new Epoch(epoch + 1, lr, train[0], train[1], testAcc, seconds));
            LOG.info(String.format(
                    "%s epoch %d/%d: lr %.6f, train loss %.4f, train acc %.4f, test acc %.4f, %.1f s",
                    label, epoch + 1, numEpochs, lr, train[0], train[1], testAcc, seconds));
            net.incrementEpochCount(); // the book's scheduler update: the next epoch's lr
        }
        Epoch last = epochs.get(epochs.size() - 1);
        LOG.info(String.format(
                "train loss %.3f, train acc %.3f, test acc %.3f", last.trainLoss(), last.trainAcc(), last.testAcc()));
        return new Trained(List.copyOf(epochs), timer.median(), plot);
    }

    /** One epoch's batches: {train loss, train acc}, with a point for the plot every 50 batches. */
    private static double[] trainEpoch(
            Net model, ArrayDataSetIterator trainIter, int epoch, List<double[]> points, String label) {
        Accumulator metric = new Accumulator(3); // train_loss, train_acc, num_examples
        trainIter.reset();
        int numBatches = trainIter.numBatches();
        int i = 0;
        try (ProgressBar bar = TrainCh3.progressBar(numBatches, label, " batches")) {
            while (trainIter.hasNext()) {
                DataSet batch = trainIter.next();
                Net.Step step = ShutdownGate.step(() -> model.trainStep(batch.getFeatures(), batch.getLabels()));
                metric.add(step.lossSum(), Metrics.accuracy(step.yHat(), batch.getLabels()), batch.numExamples());
                if ((i + 1) % PLOT_EVERY == 0) {
                    points.add(new double[] {
                        epoch + (double) i / numBatches, metric.get(0) / metric.get(2), metric.get(1) / metric.get(2)
                    });
                }
                if (bar != null) {
                    bar.step();
                }
                i++;
            }
        }
        if (metric.get(2) == 0) {
            throw new IllegalArgumentException("train: the training iterator yielded no examples");
        }
        return new double[] {metric.get(0) / metric.get(2), metric.get(1) / metric.get(2)};
    }

    /**
     * The book's cell after the constant run, {@code trainer.param_groups[0]["lr"] = 0.1}, on a
     * network of its own here (so that it runs whichever runs were chosen): DL4J's {@code
     * setLearningRate}, read back with {@code getLearningRate}.
     *
     * @return {@code learning rate is now 0.10}
     */
    static String setLearningRateTo01(long seed) {
        MultiLayerNetwork net = netFn(new FixedSchedule(0.3), seed);
        double lr = 0.1;
        net.setLearningRate(lr);
        String line = String.format(Locale.ROOT, "learning rate is now %.2f", net.getLearningRate(0));
        LOG.info(line);
        return line;
    }

    private static double median(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
