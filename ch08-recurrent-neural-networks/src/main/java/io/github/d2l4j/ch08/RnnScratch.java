package io.github.d2l4j.ch08;

import io.github.d2l4j.common.data.SeqDataLoader;
import io.github.d2l4j.common.data.TimeMachine;
import io.github.d2l4j.common.rnn.RNNModelScratch;
import io.github.d2l4j.common.rnn.TrainCh8;
import io.github.d2l4j.common.section.BookSection;
import io.github.d2l4j.common.section.RunOptions;
import io.github.d2l4j.common.section.SectionResult;
import io.github.d2l4j.common.section.Summary;
import io.github.d2l4j.common.train.Scratch;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A character-level language model on <i>The Time Machine</i>, by hand: one-hot inputs, a hidden
 * state \( H_t = \tanh(X_t W_{xh} + H_{t-1} W_{hh} + b_h) \) and outputs \( O_t = H_t W_{hq} + b_q
 * \), over 35 time steps unrolled on SameDiff, trained by {@code trainCh8} with the gradient
 * clipped to one global norm. Perplexity, \( \exp \) of the mean cross-entropy, measures it: 28
 * for guessing uniformly among the 28 tokens, 1 for a perfect model.
 *
 * <p>The book trains twice, 500 epochs each at learning rate 1 on the first 10,000 characters:
 * with the state carried from one minibatch to the next (its sequential partitioning), and again
 * with a fresh model whose state starts from zeros at every minibatch. That second run is labelled
 * "random sampling" in the book, but its code passes the same sequential iterator with {@code
 * use_random_iter=True}: only the state handling changes, and so it does here.
 *
 * <p>D2L 8.5, Implementation of Recurrent Neural Networks from Scratch.
 */
@BookSection(
        id = "8.5",
        title = "Implementation of Recurrent Neural Networks from Scratch",
        page = "https://zh.d2l.ai/chapter_recurrent-neural-networks/rnn-scratch.html")
public final class RnnScratch {
    private static final Logger LOG = LoggerFactory.getLogger(RnnScratch.class);

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
                    512, // the book's num_hiddens
                    o.lr(1), // the book's lr, for the mean loss per token
                    o.epochs(500), // the book's num_epochs
                    o.seed(42), // fixes initialisation and the iterator's offsets, so that runs repeat
                    o.out());
        }
    }

    /**
     * @param oneHotShape {@code F.one_hot(X.T, 28).shape} for {@code X = arange(10).reshape(2, 5)}
     * @param outputShape the shape of the outputs Y of {@code net(X, state)}
     * @param stateSize {@code len(new_state)}
     * @param stateShape {@code new_state[0].shape}
     * @param untrained the untrained model's prediction after "time traveller "
     * @param sequential the first run: sequential minibatches, the state carried across them
     * @param random the book's second run: a new model, the state reset at every minibatch
     */
    public record Result(
            long[] oneHotShape,
            long[] outputShape,
            int stateSize,
            long[] stateShape,
            String untrained,
            TrainCh8.Result sequential,
            TrainCh8.Result random)
            implements SectionResult {
        @Override
        public Summary summary() {
            return random.addTo(sequential.summary(), "random_");
        }
    }

    public static Result run(Config c) {
        TimeMachine.Data data = TimeMachine.loadDataTimeMachine( // the first 10,000 characters, as the book
                c.lines(), c.batchSize(), c.numSteps(), false, TimeMachine.BOOK_MAX_TOKENS, c.seed());
        int vocabSize = data.vocab().size();

        // 8.5.1 one-hot encoding: each time step becomes a (batch, vocab) matrix
        INDArray X = Nd4j.arange(10).reshape(2, 5).castTo(DataType.INT32);
        long[] oneHotShape = oneHot(X.transpose(), vocabSize).shape();
        LOG.info("one_hot(X.T, {}).shape = {}", vocabSize, java.util.Arrays.toString(oneHotShape));

        // 8.5.2-8.5.3 the model, and a forward pass from a zero state
        Nd4j.getRandom().setSeed(c.seed());
        RNNModelScratch net = model(vocabSize, c.numHiddens(), c.lr());
        RNNModelScratch.Output o = net.call(X, initRnnState(X.rows(), c.numHiddens()));
        LOG.info(
                "Y.shape = {}, len(new_state) = {}, new_state[0].shape = {}",
                java.util.Arrays.toString(o.Y().shape()),
                o.state().size(),
                java.util.Arrays.toString(o.state().get(0).shape()));

        // 8.5.4 prediction before training
        String untrained = TrainCh8.predictCh8("time traveller ", 10, net, data.vocab());
        LOG.info("untrained: {}", untrained);

        // 8.5.5 gradient clipping: TrainCh8.gradClipping scales all the gradients together so that
        // their one global L2 norm is at most 1, between the backward pass and the update
        // 8.5.6 training (TrainCh8.trainEpochCh8 is the loop over minibatches): sequential
        // partitioning, the state carried across minibatches
        TrainCh8.Result sequential = TrainCh8.trainCh8(
                net,
                data.trainIter(),
                data.vocab(),
                c.numEpochs(),
                false,
                c.out().resolve("8.5-sequential.png"));
        // ... and the book's second run: a new model, the state reset at every minibatch
        RNNModelScratch fresh = model(vocabSize, c.numHiddens(), c.lr());
        TrainCh8.Result random = TrainCh8.trainCh8(
                fresh,
                data.trainIter(),
                data.vocab(),
                c.numEpochs(),
                true,
                c.out().resolve("8.5-random.png"));
        return new Result(
                oneHotShape, o.Y().shape(), o.state().size(), o.state().get(0).shape(), untrained, sequential, random);
    }

    /** The model of 8.5.3, trained by the book's {@code d2l.sgd(params, lr, batch_size=1)}. */
    public static RNNModelScratch model(int vocabSize, int numHiddens, double lr) {
        return new RNNModelScratch(
                        vocabSize, numHiddens, RnnScratch::getParams, RnnScratch::initRnnState, RnnScratch::rnn)
                .withUpdater((params, grads) -> Scratch.sgd(params, grads, lr, 1));
    }

    /** 8.5.1: {@code F.one_hot(X, n)} as a float array: one more axis, of length n. */
    public static INDArray oneHot(INDArray X, int n) {
        return Nd4j.getExecutioner()
                .exec(new org.nd4j.linalg.api.ops.impl.shape.OneHot(
                        X.castTo(DataType.INT64), n, -1, 1.0, 0.0, DataType.FLOAT))[0];
    }

    /**
     * 8.5.2: the parameters, \( W_{xh} \) (vocab, h), \( W_{hh} \) (h, h), \( b_h \), \( W_{hq} \)
     * (h, vocab) and \( b_q \): weights from \( N(0, 0.01^2) \), biases zero.
     */
    public static Map<String, INDArray> getParams(int vocabSize, int numHiddens) {
        int numInputs = vocabSize;
        int numOutputs = vocabSize;
        Map<String, INDArray> params = new LinkedHashMap<>();
        params.put("W_xh", normal(numInputs, numHiddens)); // hidden layer
        params.put("W_hh", normal(numHiddens, numHiddens));
        params.put("b_h", Nd4j.zeros(DataType.FLOAT, numHiddens));
        params.put("W_hq", normal(numHiddens, numOutputs)); // output layer
        params.put("b_q", Nd4j.zeros(DataType.FLOAT, numOutputs));
        return params;
    }

    private static INDArray normal(long... shape) {
        return Nd4j.randn(DataType.FLOAT, shape).muli(0.01);
    }

    /** 8.5.3: the initial state, a tuple holding one (batch, h) array of zeros. */
    public static List<INDArray> initRnnState(int batchSize, int numHiddens) {
        return List.of(Nd4j.zeros(DataType.FLOAT, batchSize, numHiddens));
    }

    /**
     * 8.5.3: the forward pass over the time steps of a minibatch; each step's X is (batch, vocab).
     * Returns the outputs of all steps stacked in time order, (steps * batch, vocab), and the state.
     */
    public static RNNModelScratch.Forward rnn(
            List<SDVariable> inputs, List<SDVariable> state, Map<String, SDVariable> params) {
        SDVariable W_xh = params.get("W_xh");
        SDVariable W_hh = params.get("W_hh");
        SDVariable b_h = params.get("b_h");
        SDVariable W_hq = params.get("W_hq");
        SDVariable b_q = params.get("b_q");
        SameDiff sd = W_xh.getSameDiff();
        SDVariable H = state.get(0);
        List<SDVariable> outputs = new ArrayList<>();
        for (SDVariable X : inputs) {
            H = sd.math.tanh(X.mmul(W_xh).add(H.mmul(W_hh)).add(b_h));
            SDVariable Y = H.mmul(W_hq).add(b_q);
            outputs.add(Y);
        }
        return new RNNModelScratch.Forward(sd.concat(0, outputs.toArray(SDVariable[]::new)), List.of(H));
    }
}
