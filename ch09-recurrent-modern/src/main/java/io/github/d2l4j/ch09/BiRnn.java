package io.github.d2l4j.ch09;

import io.github.d2l4j.common.data.TimeMachine;
import io.github.d2l4j.common.rnn.BiRNNModel;
import io.github.d2l4j.common.rnn.LanguageModelConfig;
import io.github.d2l4j.common.rnn.TrainCh8;
import io.github.d2l4j.common.section.BookSection;
import io.github.d2l4j.common.section.RunOptions;
import io.github.d2l4j.common.section.SectionResult;
import io.github.d2l4j.common.section.Summary;
import io.github.d2l4j.common.train.Scratch;
import java.util.HashSet;
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
     * @param lm the book's settings for {@code train_ch8}
     * @param numLayers the number of stacked bidirectional LSTM layers
     */
    public record Config(LanguageModelConfig lm, int numLayers) {
        public Config {
            Scratch.requirePositive(numLayers, "number of layers");
        }

        public static Config from(RunOptions o) {
            return new Config(
                    LanguageModelConfig.book(o, 1), // the book's lr, for the mean loss per token
                    2); // the book's num_layers
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
        LanguageModelConfig lm = c.lm();
        TimeMachine.Data data = lm.loadData(); // the first 10,000 characters, as the book
        int vocabSize = data.vocab().size();
        BiRNNModel model = model(vocabSize, lm.numHiddens(), c.numLayers(), lm.lr(), lm.seed());
        long dl4j = model.graph().numParams();
        LOG.info(
                "parameters: {} in DL4J's graph (one bias per LSTM), {} in PyTorch's nn.LSTM (two)",
                dl4j,
                model.torchParamCount());
        TrainCh8.Result training = TrainCh8.trainCh8(
                model,
                data.trainIter(),
                data.vocab(),
                lm.numEpochs(),
                false,
                lm.out().resolve("9.4-train.png"));
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
