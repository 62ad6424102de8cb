package io.github.d2l4j.common.rnn;

import io.github.d2l4j.common.data.SeqDataLoader;
import io.github.d2l4j.common.data.TimeMachine;
import io.github.d2l4j.common.section.RunOptions;
import io.github.d2l4j.common.train.Scratch;
import java.nio.file.Path;
import java.util.List;

/**
 * The book's settings for {@code train_ch8} on <i>The Time Machine</i>: the text, {@code
 * batch_size, num_steps = 32, 35}, {@code num_hiddens = 256}, the learning rate, {@code num_epochs
 * = 500}, and the seed that makes a run repeat. Chapter 9's language models (GRU, LSTM, deep and
 * bidirectional RNNs) all train with them; each section adds what is its own (such as {@code
 * num_layers}).
 *
 * <p>Defined in D2L §9.1.
 *
 * @param lines the text; null: the hub's timemachine.txt, the book's
 */
public record LanguageModelConfig(
        List<String> lines,
        int batchSize,
        int numSteps,
        int numHiddens,
        double lr,
        int numEpochs,
        long seed,
        Path out) {
    public LanguageModelConfig {
        Scratch.requireTraining(batchSize, lr, numEpochs);
        Scratch.requirePositive(numSteps, "number of steps");
        Scratch.requirePositive(numHiddens, "number of hidden units");
        if (lines == null) { // the book's text: its first 10,000 characters must hold a minibatch
            SeqDataLoader.requireFits(TimeMachine.BOOK_MAX_TOKENS, batchSize, numSteps, false);
        }
        lines = lines == null ? null : List.copyOf(lines);
    }

    /**
     * The book's settings, with the options' overrides.
     *
     * @param bookLr the page's learning rate (1 on most pages, for the mean loss per token)
     */
    public static LanguageModelConfig book(RunOptions o, double bookLr) {
        return new LanguageModelConfig(
                null, // the book's text, through the data hub
                o.batchSize(32), // the book's batch_size
                35, // the book's num_steps
                256, // the book's num_hiddens
                o.lr(bookLr),
                o.epochs(500), // the book's num_epochs
                o.seed(42), // fixes initialisation and the iterator's offsets, so that runs repeat
                o.out());
    }

    /**
     * The book's {@code d2l.load_data_time_machine(batch_size, num_steps)}: sequential minibatches
     * of the text's first 10,000 characters, as the book.
     */
    public TimeMachine.Data loadData() {
        return TimeMachine.loadDataTimeMachine(lines, batchSize, numSteps, false, TimeMachine.BOOK_MAX_TOKENS, seed);
    }
}
