package io.github.d2l4j.common.train;

import io.github.d2l4j.common.data.ArrayDataSetIterator;
import io.github.d2l4j.common.data.FashionMnist;
import io.github.d2l4j.common.device.ShutdownGate;
import io.github.d2l4j.common.device.Threads;
import io.github.d2l4j.common.metrics.Accumulator;
import io.github.d2l4j.common.metrics.Metrics;
import io.github.d2l4j.common.metrics.Timer;
import io.github.d2l4j.common.model.Net;
import io.github.d2l4j.common.plot.Animator;
import io.github.d2l4j.common.plot.Axes;
import io.github.d2l4j.common.plot.Images;
import io.github.d2l4j.common.section.SectionResult;
import io.github.d2l4j.common.section.Summary;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * The chapter 3 training loop, shared by every from-scratch and concise classifier: {@code
 * trainEpochCh3}, {@code trainCh3} and {@code predictCh3}.
 */
public final class TrainCh3 {
    private TrainCh3() {}

    /** The metrics of one epoch: running averages over its batches, then the test accuracy. */
    public record Epoch(int epoch, double trainLoss, double trainAcc, double testAcc, double seconds) {}

    /**
     * The result of {@link #trainCh3}.
     *
     * @param epochs one entry per epoch
     * @param secPerEpoch median seconds of an epoch's training loop, test evaluation excluded
     * @param examplesPerSec training examples per second over the whole run, as {@code train_ch6}
     *     prints it
     * @param plot the Animator's PNG, or null when no plot was asked for
     */
    public record Result(List<Epoch> epochs, double secPerEpoch, double examplesPerSec, Path plot)
            implements SectionResult {
        public Epoch last() {
            return epochs.get(epochs.size() - 1);
        }

        /** The summary of a training run: epochs, final metrics, speed and plot. */
        @Override
        public Summary summary() {
            Summary s = Summary.of()
                    .add("epochs", epochs.size())
                    .add("train_loss", last().trainLoss())
                    .add("train_acc", last().trainAcc())
                    .add("test_acc", last().testAcc())
                    .add("sec_per_epoch", secPerEpoch)
                    .add("examples_per_sec", examplesPerSec);
            return plot == null ? s : s.add("plot", plot);
        }
    }

    /**
     * Trains for one epoch and returns {train loss, train accuracy}, each averaged over the
     * epoch's examples as the model changes, as in the book.
     *
     * <p>Defined in D2L §3.6.
     */
    public static double[] trainEpochCh3(Net net, DataSetIterator trainIter, String label) {
        double[] metrics = trainEpoch(net, trainIter, label, null);
        return new double[] {metrics[0], metrics[1]};
    }

    /**
     * What the epoch loop tells its caller after each batch: the batch's number (from 1), the
     * number of batches in the epoch (-1 when the iterator does not know), and the running train
     * loss and accuracy. The book's {@code train_ch6} plots from it five times an epoch.
     */
    @FunctionalInterface
    interface BatchObserver {
        void afterBatch(long batch, long numBatches, double trainLoss, double trainAcc);
    }

    /** The epoch loop: {train loss, train accuracy, examples}, telling {@code observer} (if any) after each batch. */
    static double[] trainEpoch(Net net, DataSetIterator trainIter, String label, BatchObserver observer) {
        Accumulator metric = new Accumulator(3); // summed loss, correct predictions, examples
        trainIter.reset();
        long numBatches = trainIter instanceof ArrayDataSetIterator a ? a.numBatches() : -1;
        long batches = 0;
        try (ProgressBar bar = progressBar(numBatches, label)) {
            while (trainIter.hasNext()) {
                DataSet batch = trainIter.next();
                Net.Step step = ShutdownGate.step(() -> net.trainStep(batch.getFeatures(), batch.getLabels()));
                metric.add(step.lossSum(), Metrics.accuracy(step.yHat(), batch.getLabels()), batch.numExamples());
                batches++;
                if (observer != null) {
                    observer.afterBatch(
                            batches, numBatches, metric.get(0) / metric.get(2), metric.get(1) / metric.get(2));
                }
                if (bar != null) {
                    bar.step();
                }
            }
        }
        if (metric.get(2) == 0) {
            throw new IllegalArgumentException("trainEpochCh3: the training iterator yielded no examples");
        }
        return new double[] {metric.get(0) / metric.get(2), metric.get(1) / metric.get(2), metric.get(2)};
    }

    /**
     * Trains {@code net} for {@code numEpochs}, evaluating on the test set after each epoch and
     * drawing train loss, train accuracy and test accuracy with an {@link Animator} into {@code
     * plot}, or into no file when {@code plot} is null.
     *
     * <p>The book's version ends with {@code assert train_loss < 0.5} and friends; here those
     * thresholds live in the integration tests, so that small runs and experiments still return.
     * A run whose training loss stops being a finite number stops at the end of that epoch with a
     * {@link TrainingDivergedException} ({@link Divergence#requireFinite}): nothing after it would
     * mean anything.
     *
     * <p>It applies the measured thread defaults ({@link Threads#applyDefault}) unless the caller
     * has set threads itself, so a program that imports d2l-common trains as fast as {@code ./d2l}
     * does, as far as Java can arrange it (README, "Using d2l4j as a library").
     *
     * <p>Defined in D2L §3.6.
     */
    public static Result trainCh3(
            Net net, DataSetIterator trainIter, DataSetIterator testIter, int numEpochs, Path plot) {
        Threads.applyDefault();
        return trainEpochs(net, trainIter, testIter, numEpochs, plot, 1);
    }

    /**
     * The loop over epochs that {@code trainCh3} and {@code TrainCh6.trainCh6} share. With one
     * point per epoch it plots (epoch, train loss, train acc, test acc), as {@code train_ch3} does;
     * with more it also plots the running train metrics {@code pointsPerEpoch} times within each
     * epoch, at fractional epochs, and the test accuracy on its own, as {@code train_ch6} does.
     * Those points are collected during the epoch and drawn after it, so that the epoch's time
     * (the median of which is {@code secPerEpoch}) holds no plotting, as the book's Timer holds
     * none.
     */
    static Result trainEpochs(
            Net net,
            DataSetIterator trainIter,
            DataSetIterator testIter,
            int numEpochs,
            Path plot,
            int pointsPerEpoch) {
        if (numEpochs <= 0) {
            throw new IllegalArgumentException("number of epochs must be positive, got " + numEpochs);
        }
        Animator animator = new Animator(axes(numEpochs, pointsPerEpoch), plot);
        Timer timer = new Timer();
        List<Epoch> epochs = new ArrayList<>();
        double examples = 0;
        for (int epoch = 1; epoch <= numEpochs; epoch++) {
            List<double[]> points = new ArrayList<>(); // (x, train loss, train acc) within the epoch
            int start = epoch - 1;
            BatchObserver observer = pointsPerEpoch <= 1
                    ? null
                    : (i, n, loss, acc) -> {
                        // the book's (i + 1) % (num_batches // 5) == 0 or i == num_batches - 1
                        if (n > 0 && (i % Math.max(1, n / pointsPerEpoch) == 0 || i == n)) {
                            points.add(new double[] {start + (double) i / n, loss, acc});
                        }
                    };
            timer.start();
            double[] train = trainEpoch(net, trainIter, "epoch " + epoch + "/" + numEpochs, observer);
            double seconds = timer.stop();
            Divergence.requireFinite(epoch, train[0]);
            examples += train[2];
            double testAcc = Metrics.evaluateAccuracy(net, testIter);
            epochs.add(new Epoch(epoch, train[0], train[1], testAcc, seconds));
            if (observer == null) {
                animator.add(epoch, train[0], train[1], testAcc);
            } else {
                if (points.isEmpty()) { // an iterator that does not know its length: the epoch's end
                    points.add(new double[] {epoch, train[0], train[1]});
                }
                for (double[] p : points) {
                    animator.add(p[0], p[1], p[2], null);
                }
                animator.add(epoch, null, null, testAcc);
            }
        }
        return new Result(List.copyOf(epochs), timer.median(), examples / timer.sum(), plot);
    }

    /**
     * The Animator's axes: the book's y-range and legend, and x from epoch 1 to the last (two
     * distinct ends, even for a one-epoch run). With points within each epoch ({@code train_ch6})
     * x starts at 0: the book's {@code xlim=[1, num_epochs]} hides the first epoch's points, and
     * every training point of a one-epoch run.
     */
    static Axes axes(int numEpochs, int pointsPerEpoch) {
        int from = pointsPerEpoch > 1 ? 0 : 1;
        return Axes.of()
                .withLabels("epoch", null)
                .withXlim(from, Math.max(from + 1, numEpochs))
                .withYlim(0.3, 0.9)
                .withLegend("train loss", "train acc", "test acc");
    }

    /**
     * Predicts the first {@code n} images of the test iterator's first batch and draws them titled
     * with the true and the predicted label.
     *
     * <p>Defined in D2L §3.6.
     *
     * @return the labels, true then predicted, and the image path
     */
    public static Prediction predictCh3(Net net, DataSetIterator testIter, int n, Path png) {
        testIter.reset();
        DataSet batch = testIter.next();
        int shown = Math.min(n, batch.numExamples());
        List<String> trues =
                FashionMnist.getFashionMnistLabels(batch.getLabels()).subList(0, shown);
        List<String> preds = FashionMnist.getFashionMnistLabels(net.forward(batch.getFeatures()))
                .subList(0, shown);
        List<String> titles = new ArrayList<>();
        for (int i = 0; i < shown; i++) {
            titles.add(trues.get(i) + "\n" + preds.get(i));
        }
        INDArray images = batch.getFeatures().get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, shown));
        Images.showImages(images, 1, shown, titles, 1.5, png);
        return new Prediction(trues, preds, png);
    }

    /** What {@link #predictCh3} drew. */
    public record Prediction(List<String> trues, List<String> preds, Path image) {}

    /** A bar over the batches in an interactive terminal; null (plain lines only) elsewhere. */
    private static ProgressBar progressBar(long max, String label) {
        return progressBar(max, label, " batches");
    }

    /**
     * A progress bar with its rate and ETA over {@code max} units (-1 when unknown), in an
     * interactive terminal; null elsewhere, where the log lines show the progress.
     */
    public static ProgressBar progressBar(long max, String label, String unit) {
        if (System.console() == null) {
            return null;
        }
        return new ProgressBarBuilder()
                .setTaskName(label)
                .setInitialMax(max)
                .setUnit(unit, 1)
                .continuousUpdate()
                .build();
    }
}
