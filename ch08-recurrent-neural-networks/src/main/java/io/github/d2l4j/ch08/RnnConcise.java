package io.github.d2l4j.ch08;

import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.point;

import io.github.d2l4j.common.data.SeqDataLoader;
import io.github.d2l4j.common.data.TimeMachine;
import io.github.d2l4j.common.rnn.RNNModel;
import io.github.d2l4j.common.rnn.TbpttSimpleRnn;
import io.github.d2l4j.common.rnn.TrainCh8;
import io.github.d2l4j.common.section.BookSection;
import io.github.d2l4j.common.section.RunOptions;
import io.github.d2l4j.common.section.SectionResult;
import io.github.d2l4j.common.section.Summary;
import io.github.d2l4j.common.train.Scratch;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.layers.RecurrentLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The same language model with DL4J's recurrent layer: a {@code SimpleRnn} of 256 tanh units
 * ({@code nn.RNN(len(vocab), 256)} in the book) and an output layer over the vocabulary at every
 * step, trained by the same {@code trainCh8} loop with the same global gradient clipping, the
 * state carried across sequential minibatches.
 *
 * <p>Where DL4J differs from the book's PyTorch: the layer is {@link TbpttSimpleRnn}, DL4J's
 * {@code SimpleRnn} with its truncated-BPTT gradient fixed for a carried state (M2.1 back-propagates
 * as if the state were zero); the initialisation is PyTorch's, set by {@link RNNModel}; DL4J's
 * layers hold the state as (batch, hidden) and the sequence as (batch, hidden, steps), which this
 * page prints in the book's (layers, batch, hidden) and (steps, batch, hidden).
 *
 * <p>D2L 8.6, Concise Implementation of Recurrent Neural Networks.
 */
@BookSection(
        id = "8.6",
        title = "Concise Implementation of Recurrent Neural Networks",
        page = "https://zh.d2l.ai/chapter_recurrent-neural-networks/rnn-concise.html")
public final class RnnConcise {
    private static final Logger LOG = LoggerFactory.getLogger(RnnConcise.class);

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

    /**
     * @param stateShape the initial state's shape, the book's (1, batch, hidden)
     * @param outputShape the layer's output for (steps, batch, vocab) inputs, the book's (steps,
     *     batch, hidden); newStateShape the state after it
     * @param untrained the untrained model's prediction after "time traveller"
     */
    public record Result(
            long[] stateShape, long[] outputShape, long[] newStateShape, String untrained, TrainCh8.Result training)
            implements SectionResult {
        @Override
        public Summary summary() {
            return training.summary();
        }
    }

    public static Result run(Config c) {
        TimeMachine.Data data = TimeMachine.loadDataTimeMachine( // the first 10,000 characters, as the book
                c.lines(), c.batchSize(), c.numSteps(), false, TimeMachine.BOOK_MAX_TOKENS, c.seed());
        int vocabSize = data.vocab().size();

        // 8.6.1 the model: DL4J's recurrent layer, then a dense layer to the vocabulary
        RNNModel net = model(vocabSize, c.numHiddens(), c.lr(), c.seed());
        INDArray state = Nd4j.zeros(DataType.FLOAT, 1, c.batchSize(), c.numHiddens()); // (layers, batch, hidden)
        LOG.info("state.shape = {}", Arrays.toString(state.shape()));
        long[][] shapes = layerShapes(net, state, c.numSteps(), vocabSize);
        LOG.info("Y.shape = {}, state_new.shape = {}", Arrays.toString(shapes[0]), Arrays.toString(shapes[1]));

        // 8.6.2 training and prediction
        String untrained = TrainCh8.predictCh8("time traveller", 10, net, data.vocab());
        LOG.info("untrained: {}", untrained);
        TrainCh8.Result training = TrainCh8.trainCh8(
                net,
                data.trainIter(),
                data.vocab(),
                c.numEpochs(),
                false,
                c.out().resolve("8.6-train.png"));
        return new Result(state.shape(), shapes[0], shapes[1], untrained, training);
    }

    /**
     * The book's {@code RNNModel(nn.RNN(len(vocab), num_hiddens), len(vocab))} with {@code
     * torch.optim.SGD(lr)}: DL4J's {@code Sgd} updater, in the book's units ({@link RNNModel}).
     */
    public static RNNModel model(int vocabSize, int numHiddens, double lr, long seed) {
        SimpleRnn.Builder rnnLayer =
                new SimpleRnn.Builder().nIn(vocabSize).nOut(numHiddens).activation(Activation.TANH);
        return new RNNModel(new TbpttSimpleRnn(rnnLayer), vocabSize, new Sgd(lr), seed);
    }

    /**
     * The book's {@code Y, state_new = rnn_layer(X, state)} for {@code X = torch.rand(num_steps,
     * batch_size, len(vocab))}: the recurrent layer alone, from {@code state} (the book's (layers,
     * batch, hidden); DL4J's layer keeps (batch, hidden)), through DL4J's stateful {@code
     * rnnTimeStep}; shapes in the book's layout.
     */
    static long[][] layerShapes(RNNModel net, INDArray state, int numSteps, int vocabSize) {
        RecurrentLayer layer = (RecurrentLayer) net.net().getLayer(0);
        long batchSize = state.size(1);
        String key = org.deeplearning4j.nn.layers.recurrent.SimpleRnn.STATE_KEY_PREV_ACTIVATION;
        layer.rnnSetPreviousState(Map.of(key, state.reshape(batchSize, state.size(2))));
        INDArray X = Nd4j.rand(DataType.FLOAT, batchSize, vocabSize, numSteps); // DL4J's (batch, vocab, steps)
        INDArray Y = layer.rnnTimeStep(X, LayerWorkspaceMgr.noWorkspaces()); // (batch, hidden, steps)
        INDArray stateNew = layer.rnnGetPreviousState().get(key);
        layer.rnnClearPreviousState();
        if (!Y.get(all(), all(), point(numSteps - 1)).equalsWithEps(stateNew, 1e-6)) {
            throw new IllegalStateException("the new state is not the last step's output");
        }
        long[] y = {Y.size(2), Y.size(0), Y.size(1)};
        long[] s = {1, stateNew.size(0), stateNew.size(1)};
        return new long[][] {y, s};
    }
}
