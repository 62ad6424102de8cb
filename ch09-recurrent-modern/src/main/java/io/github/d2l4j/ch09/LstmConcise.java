package io.github.d2l4j.ch09;

import io.github.d2l4j.common.data.TimeMachine;
import io.github.d2l4j.common.rnn.LanguageModelConfig;
import io.github.d2l4j.common.rnn.RNNModel;
import io.github.d2l4j.common.rnn.TbpttLstm;
import io.github.d2l4j.common.rnn.TrainCh8;
import io.github.d2l4j.common.section.SectionResult;
import io.github.d2l4j.common.section.Summary;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.nd4j.linalg.learning.config.Sgd;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The concise half of 9.2: the book's {@code nn.LSTM(num_inputs, num_hiddens)} in {@code
 * d2l.RNNModel}, trained by {@code train_ch8} with lr 1 for 500 epochs, the state \( (H, C) \)
 * carried across sequential minibatches.
 *
 * <p>Where DL4J differs from the book's PyTorch (all in {@link TbpttLstm}): DL4J's {@code LSTM}
 * back-propagates a carried state as if it were zero, which {@link TbpttLstm} fixes; its gates sit
 * in the column blocks [g, f, o, i] where PyTorch stacks (i, f, g, o); it has one bias where {@code
 * nn.LSTM} has two, so DL4J counts 299,036 parameters where PyTorch counts 300,060 (the second
 * bias, 4 · 256 = 1,024, is folded into the first: the same function); its forget-gate bias would
 * start at 1.0 and its activation at sigmoid, and both are PyTorch's here (U(±1/√h) biases, tanh).
 *
 * <p>D2L 9.2, Long Short-Term Memory (LSTM), concise implementation; the section registered as 9.2
 * runs this after the scratch half.
 */
public final class LstmConcise {
    private static final Logger LOG = LoggerFactory.getLogger(LstmConcise.class);

    /**
     * @param dl4jParams the parameters DL4J's model has (one LSTM bias)
     * @param torchParams the parameters the book's model has (two LSTM biases): the book's 300,060
     */
    public record Result(long dl4jParams, long torchParams, TrainCh8.Result training) implements SectionResult {
        @Override
        public Summary summary() {
            return training.summary().add("params", torchParams);
        }
    }

    public static Result run(LanguageModelConfig c) {
        TimeMachine.Data data = c.loadData(); // the first 10,000 characters, as the book
        int vocabSize = data.vocab().size();
        RNNModel model = model(vocabSize, c.numHiddens(), c.lr(), c.seed());
        long dl4j = model.net().numParams();
        long torch = dl4j + 4L * c.numHiddens(); // nn.LSTM's second bias, b_hh
        LOG.info("parameters: {} in DL4J's LSTM (one bias), {} in PyTorch's nn.LSTM (two)", dl4j, torch);
        TrainCh8.Result training = TrainCh8.trainCh8(
                model,
                data.trainIter(),
                data.vocab(),
                c.numEpochs(),
                false,
                c.out().resolve("9.2-concise-train.png"));
        return new Result(dl4j, torch, training);
    }

    /**
     * The book's {@code RNNModel(nn.LSTM(num_inputs, num_hiddens), len(vocab))} with {@code
     * torch.optim.SGD(lr)}: a {@link TbpttLstm} (tanh, PyTorch's initialisation) and DL4J's {@code
     * Sgd} in the book's units.
     */
    public static RNNModel model(int vocabSize, int numHiddens, double lr, long seed) {
        LSTM.Builder lstmLayer = new LSTM.Builder().nIn(vocabSize).nOut(numHiddens);
        return new RNNModel(new TbpttLstm(lstmLayer), vocabSize, new Sgd(lr), seed);
    }
}
