package io.github.d2l4j.ch09;

import io.github.d2l4j.common.data.SeqDataLoader;
import io.github.d2l4j.common.data.TimeMachine;
import io.github.d2l4j.common.rnn.BiRNNModel;
import io.github.d2l4j.common.rnn.TrainCh8;
import io.github.d2l4j.common.section.BookSection;
import io.github.d2l4j.common.section.RunOptions;
import io.github.d2l4j.common.section.SectionResult;
import io.github.d2l4j.common.section.Summary;
import io.github.d2l4j.common.train.Scratch;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Sgd;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bidirectional RNN runs one recurrent layer forwards and another backwards over the sequence
 * and concatenates their hidden states, \( H_t = [\overrightarrow{H}_t, \overleftarrow{H}_t] \),
 * so that every output sees both the past and the future of its step. The book trains one as a
 * language model, {@code nn.LSTM(vocab_size, 256, 2, bidirectional=True)} in {@code d2l.RNNModel}
 * ({@code Linear(512, vocab_size)}), with {@code train_ch8}, lr 1, 500 epochs, and shows the wrong
 * use of it: the perplexity falls to a fine value, yet the generated text is nonsense.
 *
 * <p><b>Why (the book's explanation).</b> A bidirectional layer estimates each output from the
 * information at both ends of the sequence: the past and the future. In training, the label at
 * step \( t \) is the token at step \( t + 1 \), which the backward direction has already read: the
 * model can look the answer up, hence the low perplexity. When it generates, the future does not
 * exist: it reads one token at a time, its backward direction sees only the current token, and the
 * predictions it learned to make with the next token in view are worthless without it. Such
 * models suit tasks where the whole sequence is known (filling in blanks, tagging), not predicting
 * the next token; they are also slow, their gradients passing through long dependency chains.
 * This page prints the perplexity and the degenerate text, and measures the degeneration as the
 * share of distinct character trigrams in the continuation ({@link #distinctTrigramShare}), low
 * for a repeated pattern such as the book's {@code ererer...}.
 *
 * <p>Where DL4J differs from the book's PyTorch: DL4J's {@code Bidirectional} wrapper refuses both
 * truncated BPTT and step-by-step generation, so the model is {@link BiRNNModel}, a computation
 * graph of {@code TbpttLstm} layers (the backward one between two time reversals) that carries
 * both directions' states across minibatches as PyTorch does. DL4J counts 2,172,956 parameters,
 * PyTorch 2,177,052 (the book's figure): one bias per LSTM instead of two, the same function.
 *
 * <p>D2L 9.4, Bidirectional Recurrent Neural Networks.
 */
@BookSection(
        id = "9.4",
        title = "Bidirectional Recurrent Neural Networks",
        page = "https://zh.d2l.ai/chapter_recurrent-modern/bi-rnn.html")
public final class BiRnn {
    private static final Logger LOG = LoggerFactory.getLogger(BiRnn.class);

    /**
     * @param lines the text; null: the hub's timemachine.txt, the book's
     */
    public record Config(
            List<String> lines,
            int batchSize,
            int numSteps,
            int numHiddens,
            int numLayers,
            double lr,
            int numEpochs,
            long seed,
            Path out) {
        public Config {
            Scratch.requireTraining(batchSize, lr, numEpochs);
            Scratch.requirePositive(numSteps, "number of steps");
            Scratch.requirePositive(numHiddens, "number of hidden units");
            Scratch.requirePositive(numLayers, "number of layers");
            if (lines == null) { // the book's text: its first 10,000 characters must hold a minibatch
                SeqDataLoader.requireFits(TimeMachine.BOOK_MAX_TOKENS, batchSize, numSteps, false);
            }
            lines = lines == null ? null : List.copyOf(lines);
        }

        public static Config from(RunOptions o) {
            return new Config(
                    null, // the book's text, through the data hub
                    o.batchSize(32), // the book's batch_size
                    35, // the book's num_steps
                    256, // the book's num_hiddens
                    2, // the book's num_layers
                    o.lr(1), // the book's lr, for the mean loss per token
                    o.epochs(500), // the book's num_epochs
                    o.seed(42), // fixes initialisation and the iterator's offsets, so that runs repeat
                    o.out());
        }
    }

    /**
     * @param dl4jParams the parameters DL4J's graph has (one bias per LSTM)
     * @param torchParams the parameters the book's model has: the book's 2,177,052
     * @param distinctTrigrams the share of distinct character trigrams in the 50 characters
     *     generated after "time traveller": near 0 for a repeated pattern
     */
    public record Result(long dl4jParams, long torchParams, double distinctTrigrams, TrainCh8.Result training)
            implements SectionResult {
        @Override
        public Summary summary() {
            return training.summary().add("params", torchParams).add("distinct_trigrams", distinctTrigrams);
        }
    }

    public static Result run(Config c) {
        TimeMachine.Data data = TimeMachine.loadDataTimeMachine( // the first 10,000 characters, as the book
                c.lines(), c.batchSize(), c.numSteps(), false, TimeMachine.BOOK_MAX_TOKENS, c.seed());
        int vocabSize = data.vocab().size();
        BiRNNModel model = model(vocabSize, c.numHiddens(), c.numLayers(), c.lr(), c.seed());
        long dl4j = model.graph().numParams();
        LOG.info(
                "parameters: {} in DL4J's graph (one bias per LSTM), {} in PyTorch's nn.LSTM (two)",
                dl4j,
                model.torchParamCount());
        TrainCh8.Result training = TrainCh8.trainCh8(
                model,
                data.trainIter(),
                data.vocab(),
                c.numEpochs(),
                false,
                c.out().resolve("9.4-train.png"));
        String continuation = training.timeTraveller().substring("time traveller".length());
        double distinct = distinctTrigramShare(continuation);
        LOG.info(String.format(
                "perplexity %.1f, yet the continuation is degenerate: %.2f of its character trigrams distinct",
                training.perplexity(), distinct));
        return new Result(dl4j, model.torchParamCount(), distinct, training);
    }

    /**
     * The book's {@code RNNModel(nn.LSTM(num_inputs, num_hiddens, num_layers, bidirectional=True),
     * len(vocab))} with {@code torch.optim.SGD(lr)}.
     */
    public static BiRNNModel model(int vocabSize, int numHiddens, int numLayers, double lr, long seed) {
        return new BiRNNModel(vocabSize, numHiddens, numLayers, new Sgd(lr), seed, DataType.FLOAT);
    }

    /**
     * The distinct character trigrams of {@code text} over all its trigrams: 2/48 for 50 characters
     * of {@code erer...}, most of them for English text.
     */
    public static double distinctTrigramShare(String text) {
        if (text.length() < 3) {
            throw new IllegalArgumentException(
                    "distinctTrigramShare needs at least 3 characters, got \"" + text + "\"");
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i + 3 <= text.length(); i++) {
            seen.add(text.substring(i, i + 3));
        }
        return (double) seen.size() / (text.length() - 2);
    }
}
