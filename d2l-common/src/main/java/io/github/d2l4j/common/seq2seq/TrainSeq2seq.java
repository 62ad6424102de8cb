package io.github.d2l4j.common.seq2seq;

import io.github.d2l4j.common.block.Block;
import io.github.d2l4j.common.block.Linear;
import io.github.d2l4j.common.data.MachineTranslation;
import io.github.d2l4j.common.data.Vocab;
import io.github.d2l4j.common.device.Devices;
import io.github.d2l4j.common.device.GcPacer;
import io.github.d2l4j.common.device.ShutdownGate;
import io.github.d2l4j.common.device.Threads;
import io.github.d2l4j.common.metrics.Accumulator;
import io.github.d2l4j.common.metrics.Timer;
import io.github.d2l4j.common.model.Capture;
import io.github.d2l4j.common.model.TorchInit;
import io.github.d2l4j.common.plot.Animator;
import io.github.d2l4j.common.plot.Axes;
import io.github.d2l4j.common.rnn.TrainCh8;
import io.github.d2l4j.common.section.SectionResult;
import io.github.d2l4j.common.section.Summary;
import io.github.d2l4j.common.train.Divergence;
import io.github.d2l4j.common.train.TorchAdam;
import io.github.d2l4j.common.train.TrainCh3;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import me.tongfei.progressbar.ProgressBar;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Training, prediction and evaluation of sequence to sequence models: the book's {@code
 * train_seq2seq}, {@code predict_seq2seq} and {@code bleu}, for any {@link EncoderDecoder} (9.7's
 * RNN model here, chapter 10's attention models later).
 *
 * <p>Defined in D2L §9.7.
 */
public final class TrainSeq2seq {
    private static final Logger LOG = LoggerFactory.getLogger(TrainSeq2seq.class);

    private TrainSeq2seq() {}

    /**
     * The book's {@code xavier_init_weights}, applied to every block of {@code net}: Xavier-uniform
     * on the weight of every {@code nn.Linear} and on the weight matrices of every {@code nn.GRU};
     * their biases keep PyTorch's defaults, and embeddings their N(0, 1).
     */
    public static void xavierInitWeights(Block net) {
        if (net instanceof Linear || net instanceof Gru) {
            net.namedParameters().forEach((name, p) -> {
                if (name.startsWith("weight")) { // (out, in), as PyTorch keeps them
                    p.assign(TorchInit.xavierUniform(p.size(1), p.size(0), p.shape()));
                }
            });
        }
        net.children().values().forEach(TrainSeq2seq::xavierInitWeights);
    }

    /** One epoch's figures: the book's printed loss and the target tokens per second. */
    public record Epoch(int epoch, double loss, double tokensPerSec) {}

    /** What {@link #trainSeq2seq} reports: every epoch, the median seconds per epoch, the plot. */
    public record Result(List<Epoch> epochs, double secPerEpoch, Path plot) implements SectionResult {
        public Result {
            epochs = List.copyOf(epochs);
        }

        public Epoch last() {
            return epochs.get(epochs.size() - 1);
        }

        public double loss() {
            return last().loss();
        }

        public double tokensPerSec() {
            return last().tokensPerSec();
        }

        @Override
        public Summary summary() {
            Summary s = Summary.of()
                    .add("epochs", epochs.size())
                    .add("loss", loss())
                    .add("tokens_per_sec", tokensPerSec())
                    .add("sec_per_epoch", secPerEpoch);
            return plot == null ? s : s.add("plot", plot);
        }
    }

    /**
     * Trains a sequence to sequence model, the book's {@code train_seq2seq}: Xavier initialisation
     * ({@link #xavierInitWeights}), Adam with PyTorch's defaults ({@link TorchAdam}), and for every
     * minibatch teacher forcing (the decoder reads {@code <bos>} and the target but its last token),
     * the masked loss summed over the sequences, its gradient clipped to a global norm of 1, one
     * Adam step. The loss per epoch is the sum of the sequences' losses over the number of valid
     * target tokens; every 10 epochs (every epoch of a short run, {@link TrainCh8#plotEvery}) it goes
     * into the plot {@code plot} (no file when null), and the last epoch's loss and speed are printed. A loss that stops being finite ends the run.
     *
     * <p>Dropout draws and the order of minibatches come from ND4J's random generator and the
     * iterator, so a seed set before fixes a run.
     *
     * <p>Defined in D2L §9.7.
     */
    public static Result trainSeq2seq(
            EncoderDecoder net,
            Iterable<MachineTranslation.Batch> dataIter,
            double lr,
            int numEpochs,
            Vocab tgtVocab,
            Path plot) {
        if (numEpochs <= 0) {
            throw new IllegalArgumentException("number of epochs must be positive, got " + numEpochs);
        }
        TorchAdam optimizer = new TorchAdam(lr); // checks lr
        Threads.applyDefault(); // one thread for ND4J's small ops, as trainCh8
        xavierInitWeights(net);
        net.train(true);
        MaskedSoftmaxCELoss loss = new MaskedSoftmaxCELoss(tgtVocab.size());
        Animator animator = new Animator(
                Axes.of().withLabels("epoch", "loss").withXlim(TrainCh8.plotEvery(numEpochs), Math.max(11, numEpochs)),
                plot);
        Map<String, TrainingGraph> graphs = new HashMap<>();
        GcPacer gc = new GcPacer();
        int bos = tgtVocab.get("<bos>");
        List<Epoch> epochs = new ArrayList<>();
        Timer epochTimer = new Timer(); // per epoch, for the median
        try (ProgressBar bar = TrainCh3.progressBar(numEpochs, "train_seq2seq", " epochs")) {
            for (int epoch = 1; epoch <= numEpochs; epoch++) {
                epochTimer.start();
                Timer timer = new Timer();
                Accumulator metric = new Accumulator(2); // sum of training loss, number of tokens
                for (MachineTranslation.Batch batch : dataIter) {
                    TrainingGraph g = graphs.computeIfAbsent(
                            batch.X().size(1) + " " + batch.Y().size(1), k -> TrainingGraph.build(net, loss, batch));
                    double lSum = ShutdownGate.step(() -> g.step(batch, bos, optimizer));
                    gc.afterStep();
                    metric.add(lSum, batch.YValidLen().sumNumber().doubleValue());
                }
                if (metric.get(1) == 0) {
                    throw new IllegalArgumentException("trainSeq2seq: the data iterator yielded no tokens");
                }
                double tokensPerSec = metric.get(1) / timer.stop();
                epochTimer.stop();
                double l = metric.get(0) / metric.get(1);
                Divergence.requireFinite(epoch, l);
                epochs.add(new Epoch(epoch, l, tokensPerSec));
                if (epoch % TrainCh8.plotEvery(numEpochs) == 0 || epoch == numEpochs) {
                    animator.add(epoch, l);
                }
                if (bar != null) {
                    bar.step();
                }
            }
        }
        Epoch last = epochs.get(epochs.size() - 1);
        LOG.info(String.format(
                Locale.ROOT, "loss %.3f, %.1f tokens/sec on %s", last.loss(), last.tokensPerSec(), Devices.tryGpu()));
        return new Result(epochs, epochTimer.median(), plot);
    }

    /**
     * The training graph for one pair of source and target lengths, and its parameters. Package-private
     * so that a test can take the very step of {@link #trainSeq2seq} against PyTorch's.
     */
    static final class TrainingGraph {
        final SameDiff sd;
        final List<INDArray> params = new ArrayList<>();
        final String[] varNames;
        final Capture capture = new Capture("l");

        private TrainingGraph(SameDiff sd, List<INDArray> params, String[] varNames) {
            this.sd = sd;
            this.params.addAll(params);
            this.varNames = varNames;
            sd.addListeners(capture);
        }

        static TrainingGraph build(EncoderDecoder net, MaskedSoftmaxCELoss loss, MachineTranslation.Batch batch) {
            SameDiff sd = SameDiff.create();
            SDVariable X = sd.placeHolder("X", DataType.INT32, -1, batch.X().size(1));
            SDVariable XValidLen = sd.placeHolder("X_valid_len", DataType.INT32, -1);
            SDVariable decInput =
                    sd.placeHolder("dec_input", DataType.INT32, -1, batch.Y().size(1));
            SDVariable Y = sd.placeHolder("Y", DataType.INT32, -1, batch.Y().size(1));
            SDVariable YValidLen = sd.placeHolder("Y_valid_len", DataType.INT32, -1);
            SDVariable YHat = net.forward(X, decInput, XValidLen).output();
            SDVariable l = loss.forward(YHat, Y, YValidLen).rename("l");
            sd.setLossVariables(l.sum("l_sum")); // the book's l.sum().backward()
            // The graph's variables are the parameter arrays themselves: find each one's name
            Map<INDArray, String> names = new IdentityHashMap<>();
            for (SDVariable v : sd.variables()) {
                if (v.getVariableType() == VariableType.VARIABLE) {
                    names.put(v.getArr(), v.name());
                }
            }
            List<INDArray> params = new ArrayList<>();
            List<String> varNames = new ArrayList<>();
            for (INDArray p : net.namedParameters().values()) {
                String name = names.get(p);
                if (name == null) {
                    throw new IllegalStateException("a parameter of the model is not a variable of its graph");
                }
                params.add(p);
                varNames.add(name);
            }
            return new TrainingGraph(sd, params, varNames.toArray(String[]::new));
        }

        /** One step of teacher forcing; returns the summed loss of the batch's sequences. */
        double step(MachineTranslation.Batch batch, int bos, TorchAdam optimizer) {
            INDArray Y = batch.Y().castTo(DataType.INT32);
            long n = Y.size(0);
            INDArray bosColumn = Nd4j.valueArrayOf(new long[] {n, 1}, bos, DataType.INT32);
            INDArray decInput = Nd4j.concat( // teacher forcing: <bos> and the target but its last token
                    1,
                    bosColumn,
                    Y.get(
                            org.nd4j.linalg.indexing.NDArrayIndex.all(),
                            org.nd4j.linalg.indexing.NDArrayIndex.interval(0, Y.size(1) - 1)));
            Map<String, INDArray> feed = new HashMap<>(Dropout.draws(sd, n));
            feed.put("X", batch.X().castTo(DataType.INT32));
            feed.put("X_valid_len", batch.XValidLen().castTo(DataType.INT32));
            feed.put("dec_input", decInput);
            feed.put("Y", Y);
            feed.put("Y_valid_len", batch.YValidLen().castTo(DataType.INT32));
            capture.clear();
            Map<String, INDArray> byName = sd.calculateGradients(feed, varNames);
            List<INDArray> grads = Arrays.stream(varNames).map(byName::get).toList();
            TrainCh8.clipByGlobalNorm(grads, 1); // the book's grad_clipping(net, 1)
            optimizer.step(params, grads);
            return capture.get("l").sumNumber().doubleValue();
        }
    }

    /** What {@link #predictSeq2seq} returns: the translation, and each step's attention weights. */
    public record Prediction(String translation, List<INDArray> attentionWeights) {
        public Prediction {
            attentionWeights = List.copyOf(attentionWeights);
        }
    }

    /** A source sentence as the encoder reads it: (1, numSteps) token indices and its valid length (1). */
    public record Source(INDArray encX, INDArray encValidLen) {}

    /**
     * The first lines of the book's {@code predict_seq2seq}: {@code srcSentence} lowercased, split on
     * spaces, ended with {@code <eos>}, its valid length counted before it is truncated or padded to
     * {@code numSteps}, with a batch axis added.
     *
     * <p>Defined in D2L §9.7.
     */
    public static Source source(String srcSentence, Vocab srcVocab, int numSteps) {
        List<String> words = List.of(srcSentence.toLowerCase(Locale.ROOT).split(" ", -1));
        int[] srcTokens = Arrays.copyOf(srcVocab.get(words), words.size() + 1);
        srcTokens[words.size()] = srcVocab.get("<eos>");
        INDArray encValidLen = Nd4j.createFromArray(new int[] {srcTokens.length});
        srcTokens = MachineTranslation.truncatePad(srcTokens, numSteps, srcVocab.get("<pad>"));
        return new Source(Nd4j.createFromArray(new int[][] {srcTokens}), encValidLen);
    }

    /**
     * Translates {@code srcSentence} greedily, the book's {@code predict_seq2seq}: the sentence is
     * lowercased, split on spaces, ended with {@code <eos>}, and truncated or padded to {@code
     * numSteps} (its valid length is counted before truncation, as in the book); the decoder starts
     * from {@code <bos>} and feeds each most likely token back in, one at a time, for at most
     * {@code numSteps} tokens or until it predicts {@code <eos>}. The model is switched to
     * evaluation mode, and stays there. With {@code saveAttentionWeights}, each step's attention
     * weights are kept (a decoder without attention has none).
     *
     * <p>Defined in D2L §9.7.
     */
    public static Prediction predictSeq2seq(
            EncoderDecoder net,
            String srcSentence,
            Vocab srcVocab,
            Vocab tgtVocab,
            int numSteps,
            boolean saveAttentionWeights) {
        if (numSteps < 1) {
            throw new IllegalArgumentException("numSteps must be at least 1, got " + numSteps);
        }
        net.eval(); // no dropout in prediction
        Source src = source(srcSentence, srcVocab, numSteps);
        List<INDArray> decState = net.encode(src.encX(), src.encValidLen());
        INDArray decX = Nd4j.createFromArray(new int[][] {{tgtVocab.get("<bos>")}});
        int eos = tgtVocab.get("<eos>");
        List<Integer> outputSeq = new ArrayList<>();
        List<INDArray> attentionWeightSeq = new ArrayList<>();
        for (int i = 0; i < numSteps; i++) {
            EncoderDecoder.Step step = net.decode(decX, decState);
            decState = step.state();
            // The token with the highest predicted likelihood is the next step's input
            int pred = step.output().argMax(2).getInt(0);
            decX = Nd4j.createFromArray(new int[][] {{pred}});
            if (saveAttentionWeights && step.attentionWeights() != null) {
                attentionWeightSeq.add(step.attentionWeights());
            }
            if (pred == eos) { // the end-of-sequence token ends the prediction
                break;
            }
            outputSeq.add(pred);
        }
        String translation = String.join(
                " ",
                tgtVocab.toTokens(outputSeq.stream().mapToInt(Integer::intValue).toArray()));
        return new Prediction(translation, attentionWeightSeq);
    }

    /**
     * BLEU of a predicted sequence against a label sequence, both space-separated tokens, the
     * book's {@code bleu(pred_seq, label_seq, k)}: \( \exp(\min(0, 1 - len_{label} / len_{pred}))
     * \prod_{n=1}^{k} p_n^{1/2^n} \), where \( p_n \) is the share of the prediction's n-grams that
     * match an n-gram of the label, each label n-gram matching at most once.
     *
     * <p>Where the book fails: a prediction of fewer than k tokens has no n-grams for the larger n,
     * and the book's code divides by zero there ({@code ZeroDivisionError}). Here such an n-gram
     * precision counts as 0, so the score is 0: a short or empty translation scores 0 instead of
     * ending the run.
     *
     * <p>Defined in D2L §9.7.
     */
    public static double bleu(String predSeq, String labelSeq, int k) {
        if (k < 1) {
            throw new IllegalArgumentException("bleu needs k >= 1, got " + k);
        }
        String[] predTokens = predSeq.split(" ", -1); // Python's split(' '): every token, empty ones too
        String[] labelTokens = labelSeq.split(" ", -1);
        int lenPred = predTokens.length;
        int lenLabel = labelTokens.length;
        double score = Math.exp(Math.min(0, 1 - (double) lenLabel / lenPred));
        for (int n = 1; n <= k; n++) {
            if (lenPred - n + 1 <= 0) {
                return 0; // no n-grams of this length: the book divides by zero here
            }
            int numMatches = 0;
            Map<String, Integer> labelSubs = new HashMap<>();
            for (int i = 0; i < lenLabel - n + 1; i++) {
                labelSubs.merge(String.join(" ", Arrays.copyOfRange(labelTokens, i, i + n)), 1, Integer::sum);
            }
            for (int i = 0; i < lenPred - n + 1; i++) {
                String sub = String.join(" ", Arrays.copyOfRange(predTokens, i, i + n));
                if (labelSubs.getOrDefault(sub, 0) > 0) {
                    numMatches++;
                    labelSubs.merge(sub, -1, Integer::sum);
                }
            }
            score *= Math.pow((double) numMatches / (lenPred - n + 1), Math.pow(0.5, n));
        }
        return score;
    }
}
