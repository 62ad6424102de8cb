package io.github.d2l4j.common.rnn;

import io.github.d2l4j.common.data.SeqDataLoader;
import io.github.d2l4j.common.data.Vocab;
import io.github.d2l4j.common.device.Devices;
import io.github.d2l4j.common.device.ShutdownGate;
import io.github.d2l4j.common.device.Threads;
import io.github.d2l4j.common.metrics.Accumulator;
import io.github.d2l4j.common.metrics.Timer;
import io.github.d2l4j.common.plot.Animator;
import io.github.d2l4j.common.plot.Axes;
import io.github.d2l4j.common.section.SectionResult;
import io.github.d2l4j.common.section.Summary;
import io.github.d2l4j.common.train.Divergence;
import io.github.d2l4j.common.train.TrainCh3;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import me.tongfei.progressbar.ProgressBar;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chapter 8's training loop for language models: {@code predict_ch8}, {@code grad_clipping},
 * {@code train_epoch_ch8} and {@code train_ch8}, for the from-scratch and the concise model alike
 * ({@link LanguageModel}).
 *
 * <p><b>Where it differs from the book.</b> The book's {@code train_ch8(net, train_iter, vocab, lr,
 * num_epochs, device, use_random_iter)} builds the optimiser from {@code lr}. Here the model
 * arrives with it ({@link RNNModelScratch#withUpdater}, or the DL4J updater in {@link RNNModel}'s
 * configuration), as in {@code trainCh6}; the learning rate has the book's units either way. It
 * applies the measured thread defaults ({@link Threads#applyDefault}) unless the caller has set
 * threads.
 *
 * <p>Defined in D2L §8.5.
 */
public final class TrainCh8 {
    private static final Logger LOG = LoggerFactory.getLogger(TrainCh8.class);

    /** The book's clipping threshold: {@code grad_clipping(net, 1)}. */
    public static final double THETA = 1;

    private TrainCh8() {}

    /**
     * Generates {@code numPreds} characters after {@code prefix}: the model reads the prefix (its
     * first character starts the state, the rest warm it up), then predicts greedily, feeding
     * each prediction back in. Returns the prefix and the predictions.
     *
     * <p>Defined in D2L §8.5.
     */
    public static String predictCh8(String prefix, int numPreds, LanguageModel net, Vocab vocab) {
        if (prefix.isEmpty()) {
            throw new IllegalArgumentException("predictCh8 needs a prefix of at least one character");
        }
        net.beginState(1);
        List<Integer> outputs = new ArrayList<>(List.of(vocab.get(prefix.substring(0, 1))));
        for (int i = 1; i < prefix.length(); i++) { // warm-up
            net.predict(last(outputs));
            outputs.add(vocab.get(prefix.substring(i, i + 1)));
        }
        for (int i = 0; i < numPreds; i++) { // predict numPreds steps
            INDArray y = net.predict(last(outputs));
            outputs.add(y.argMax(1).getInt(0));
        }
        StringBuilder sb = new StringBuilder();
        outputs.forEach(i -> sb.append(vocab.toTokens(i)));
        return sb.toString();
    }

    /** The last output as a (1, 1) input, the book's {@code get_input()}. */
    private static INDArray last(List<Integer> outputs) {
        return Nd4j.createFromArray(new int[][] {{outputs.get(outputs.size() - 1)}})
                .castTo(DataType.INT32);
    }

    /**
     * Clips the gradient: when the L2 norm of all the model's gradients together, \( \|g\| \),
     * exceeds \( \theta \), scales every gradient by \( \theta / \|g\| \), in place. One norm over
     * all parameters, unlike DL4J's {@code GradientNormalization}, which clips each layer on its own.
     *
     * <p>Defined in D2L §8.5.
     *
     * @return the norm before clipping
     */
    public static double gradClipping(LanguageModel net, double theta) {
        return clipByGlobalNorm(net.gradients(), theta);
    }

    /** {@link #gradClipping} on a list of gradient arrays. */
    public static double clipByGlobalNorm(List<INDArray> grads, double theta) {
        double sum = 0;
        for (INDArray g : grads) {
            double n = g.norm2Number().doubleValue();
            sum += n * n;
        }
        double norm = Math.sqrt(sum);
        if (norm > theta) {
            for (INDArray g : grads) {
                g.muli(theta / norm);
            }
        }
        return norm;
    }

    /**
     * Trains for one epoch and returns {perplexity, tokens per second}. The state starts from zeros
     * at the first minibatch and then carries on from one to the next, as sequential minibatches
     * continue each other; with {@code useRandomIter} it starts from zeros at every minibatch, as
     * randomly sampled ones do not. (The book's second 8.5 run passes that flag with the sequential
     * iterator: only the reset differs.)
     *
     * <p>Defined in D2L §8.5.
     */
    public static double[] trainEpochCh8(
            LanguageModel net, Iterable<SeqDataLoader.Batch> trainIter, boolean useRandomIter) {
        Timer timer = new Timer();
        Accumulator metric = new Accumulator(2); // summed training loss, number of tokens
        boolean first = true;
        for (SeqDataLoader.Batch batch : trainIter) {
            if (first || useRandomIter) {
                net.beginState((int) batch.X().size(0)); // a fresh state; otherwise the carried one
                first = false;
            }
            double l = ShutdownGate.step(() -> {
                double loss = net.forwardBackward(batch.X(), batch.Y());
                gradClipping(net, THETA);
                net.update(); // the book's updater(batch_size=1): the loss is already a mean
                return loss;
            });
            long tokens = batch.Y().length();
            metric.add(l * tokens, tokens);
        }
        if (metric.get(1) == 0) {
            throw new IllegalArgumentException("trainEpochCh8: the training iterator yielded no batches");
        }
        return new double[] {Math.exp(metric.get(0) / metric.get(1)), metric.get(1) / timer.stop()};
    }

    /** One epoch's figures. */
    public record Epoch(int epoch, double perplexity, double tokensPerSec) {}

    /**
     * What {@link #trainCh8} reports: every epoch, the last one's perplexity and speed (as the book
     * prints them), the median seconds per epoch, and the two closing predictions.
     */
    public record Result(List<Epoch> epochs, double secPerEpoch, String timeTraveller, String traveller, Path plot)
            implements SectionResult {
        public Epoch last() {
            return epochs.get(epochs.size() - 1);
        }

        public double perplexity() {
            return last().perplexity();
        }

        public double tokensPerSec() {
            return last().tokensPerSec();
        }

        @Override
        public Summary summary() {
            Summary s = Summary.of()
                    .add("epochs", epochs.size())
                    .add("perplexity", perplexity())
                    .add("tokens_per_sec", tokensPerSec())
                    .add("sec_per_epoch", secPerEpoch);
            return plot == null ? s : s.add("plot", plot);
        }

        /**
         * This run's perplexity, speed and plot added to {@code s} under {@code prefix}: the second
         * run of a section that prints two on one line ({@code random_} in 8.5, {@code scratch_} in
         * 9.1 and 9.2).
         */
        public Summary addTo(Summary s, String prefix) {
            s.add(prefix + "perplexity", perplexity())
                    .add(prefix + "tokens_per_sec", tokensPerSec())
                    .add(prefix + "sec_per_epoch", secPerEpoch);
            return plot == null ? s : s.add(prefix + "plot", plot);
        }
    }

    /**
     * Which epochs go into the plot: every 10th, as the book's animator, or every one when a run is
     * too short (under 20 epochs) for the book's points to draw a line.
     */
    public static int plotEvery(int numEpochs) {
        return numEpochs < 20 ? 1 : 10;
    }

    /**
     * Trains {@code net} for {@code numEpochs}: every 10 epochs it prints the prediction after
     * "time traveller" and plots the perplexity into {@code plot} (no file when null; every epoch
     * of a run under 20 epochs, {@link #plotEvery}), and the last epoch's too; at the end
     * it prints the last epoch's perplexity and speed, then the predictions after "time traveller"
     * and "traveller". A perplexity that stops being finite ends the run ({@link Divergence}).
     *
     * <p>Defined in D2L §8.5.
     */
    public static Result trainCh8(
            LanguageModel net, SeqDataLoader trainIter, Vocab vocab, int numEpochs, boolean useRandomIter, Path plot) {
        if (numEpochs <= 0) {
            throw new IllegalArgumentException("number of epochs must be positive, got " + numEpochs);
        }
        Threads.applyDefault(); // one thread for ND4J's small ops, as trainCh3
        Animator animator = new Animator(
                Axes.of()
                        .withLabels("epoch", "perplexity")
                        .withXlim(plotEvery(numEpochs), Math.max(11, numEpochs))
                        .withLegend("train"),
                plot);
        List<Epoch> epochs = new ArrayList<>();
        Timer timer = new Timer(); // per epoch, for the median
        try (ProgressBar bar = TrainCh3.progressBar(numEpochs, "train_ch8", " epochs")) {
            for (int epoch = 1; epoch <= numEpochs; epoch++) {
                timer.start();
                double[] r = trainEpochCh8(net, trainIter, useRandomIter);
                timer.stop();
                Divergence.requireFinite(epoch, Math.log(r[0]));
                epochs.add(new Epoch(epoch, r[0], r[1]));
                if (epoch % 10 == 0) {
                    LOG.info("epoch {}: {}", epoch, predictCh8("time traveller", 50, net, vocab));
                }
                if (epoch % plotEvery(numEpochs) == 0 || epoch == numEpochs) {
                    animator.add(epoch, r[0]);
                }
                if (bar != null) {
                    bar.step();
                }
            }
        }
        Epoch last = epochs.get(epochs.size() - 1);
        LOG.info(String.format(
                "perplexity %.1f, %.1f tokens/sec on %s", last.perplexity(), last.tokensPerSec(), Devices.tryGpu()));
        String timeTraveller = predictCh8("time traveller", 50, net, vocab);
        String traveller = predictCh8("traveller", 50, net, vocab);
        LOG.info(timeTraveller);
        LOG.info(traveller);
        return new Result(List.copyOf(epochs), timer.median(), timeTraveller, traveller, plot);
    }
}
