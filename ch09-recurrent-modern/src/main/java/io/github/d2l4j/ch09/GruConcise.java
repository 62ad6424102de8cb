package io.github.d2l4j.ch09;

import io.github.d2l4j.common.data.SeqDataLoader;
import io.github.d2l4j.common.data.TimeMachine;
import io.github.d2l4j.common.rnn.RNNModel;
import io.github.d2l4j.common.rnn.TbpttGru;
import io.github.d2l4j.common.rnn.TrainCh8;
import io.github.d2l4j.common.section.RunOptions;
import io.github.d2l4j.common.train.Scratch;
import java.nio.file.Path;
import java.util.List;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * The same gated recurrent unit as a DL4J layer: the book's {@code nn.GRU(num_inputs,
 * num_hiddens)} in chapter 8's {@code RNNModel}, trained by the same {@code trainCh8} loop.
 *
 * <p>Where DL4J differs from the book's PyTorch: DL4J 1.0.0-M2.1 has no GRU layer, so the layer is
 * {@link TbpttGru}, which computes {@code nn.GRU} exactly (its reset gate applied to \( H_{t-1}
 * W_{hn} + b_{hn} \), its two bias vectors, its initialisation \( U(\pm 1/\sqrt{h}) \)) and back-
 * propagates from the state carried over from the previous minibatch. The book's page credits the
 * concise model's speed to the framework's compiled operators; here both halves run ND4J's.
 *
 * <p>D2L 9.1, Gated Recurrent Units (GRU): the concise half of the page, run by {@link Gru}.
 */
public final class GruConcise {

    /**
     * @param lines the text; null: the hub's timemachine.txt, the book's
     */
    public record Config(
            List<String> lines,
            int batchSize,
            int numSteps,
            int numHiddens,
            double lr,
            int numEpochs,
            long seed,
            Path out) {
        public Config {
            Scratch.requireTraining(batchSize, lr, numEpochs);
            Scratch.requirePositive(numSteps, "number of steps");
            Scratch.requirePositive(numHiddens, "number of hidden units");
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
                    o.lr(1), // the book's lr, for the mean loss per token
                    o.epochs(500), // the book's num_epochs
                    o.seed(42), // fixes initialisation and the iterator's offsets, so that runs repeat
                    o.out());
        }
    }

    /** 9.1.3: trains the DL4J model; the result line carries its perplexity and speed. */
    public static TrainCh8.Result run(Config c) {
        TimeMachine.Data data = TimeMachine.loadDataTimeMachine( // the first 10,000 characters, as the book
                c.lines(), c.batchSize(), c.numSteps(), false, TimeMachine.BOOK_MAX_TOKENS, c.seed());
        RNNModel model = model(data.vocab().size(), c.numHiddens(), c.lr(), c.seed());
        return TrainCh8.trainCh8(
                model,
                data.trainIter(),
                data.vocab(),
                c.numEpochs(),
                false,
                c.out().resolve("9.1-concise.png"));
    }

    /**
     * The book's {@code RNNModel(nn.GRU(num_inputs, num_hiddens), len(vocab))} with {@code
     * torch.optim.SGD(lr)}: DL4J's {@code Sgd} updater, in the book's units ({@link RNNModel}).
     */
    public static RNNModel model(int vocabSize, int numHiddens, double lr, long seed) {
        TbpttGru gruLayer = new TbpttGru(new SimpleRnn.Builder().nIn(vocabSize).nOut(numHiddens));
        return new RNNModel(gruLayer, vocabSize, new Sgd(lr), seed);
    }
}
