package io.github.d2l4j.ch09;

import io.github.d2l4j.common.data.TimeMachine;
import io.github.d2l4j.common.rnn.LanguageModelConfig;
import io.github.d2l4j.common.rnn.RNNModel;
import io.github.d2l4j.common.rnn.TbpttLstm;
import io.github.d2l4j.common.rnn.TrainCh8;
import io.github.d2l4j.common.section.BookSection;
import io.github.d2l4j.common.section.RunOptions;
import io.github.d2l4j.common.section.SectionResult;
import io.github.d2l4j.common.section.Summary;
import io.github.d2l4j.common.train.Scratch;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Sgd;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A deep RNN stacks recurrent layers: layer \( l \) reads layer \( l-1 \)'s hidden states, \(
 * H_t^{(l)} = \phi_l(H_t^{(l-1)} W_{xh}^{(l)} + H_{t-1}^{(l)} W_{hh}^{(l)} + b_h^{(l)}) \), and the
 * output layer reads the last one's, \( O_t = H_t^{(L)} W_{hq} + b_q \). The book's model is {@code
 * nn.LSTM(vocab_size, 256, num_layers=2)} in {@code d2l.RNNModel}, trained by {@code train_ch8}
 * with {@code lr = 2} (the book's {@code lr * 1.0}) for 500 epochs; training is markedly slower
 * than one layer's.
 *
 * <p>Where DL4J differs from the book's PyTorch: {@code num_layers=2} is two {@link TbpttLstm}
 * layers in one {@link RNNModel}, each initialised as PyTorch initialises its layer of {@code
 * nn.LSTM}; each has one bias where PyTorch has two, so DL4J counts 824,348 parameters and PyTorch
 * 826,396 (the book's figure), the same function ({@link TbpttLstm} has the rest: gate order, the
 * carried-state gradient, tanh, no forget-gate bias of 1.0).
 *
 * <p>D2L 9.3, Deep Recurrent Neural Networks.
 */
@BookSection(
        id = "9.3",
        title = "Deep Recurrent Neural Networks",
        page = "https://zh.d2l.ai/chapter_recurrent-modern/deep-rnn.html")
public final class DeepRnn {
    private static final Logger LOG = LoggerFactory.getLogger(DeepRnn.class);

    /**
     * @param lm the book's settings for {@code train_ch8}
     * @param numLayers the number of stacked LSTM layers
     */
    public record Config(LanguageModelConfig lm, int numLayers) {
        public Config {
            Scratch.requirePositive(numLayers, "number of layers");
        }

        public static Config from(RunOptions o) {
            return new Config(
                    LanguageModelConfig.book(
                            o, 2), // the book's lr = 2, passed as lr * 1.0, for the mean loss per token
                    2); // the book's num_layers
        }
    }

    /**
     * @param dl4jParams the parameters DL4J's model has (one bias per LSTM layer)
     * @param torchParams the parameters the book's model has: the book's 826,396
     */
    public record Result(long dl4jParams, long torchParams, TrainCh8.Result training) implements SectionResult {
        @Override
        public Summary summary() {
            return training.summary().add("params", torchParams);
        }
    }

    public static Result run(Config c) {
        LanguageModelConfig lm = c.lm();
        TimeMachine.Data data = lm.loadData(); // the first 10,000 characters, as the book
        int vocabSize = data.vocab().size();
        RNNModel model = model(vocabSize, lm.numHiddens(), c.numLayers(), lm.lr(), lm.seed());
        long dl4j = model.net().numParams();
        long torch = dl4j + 4L * lm.numHiddens() * c.numLayers(); // nn.LSTM's second bias in each layer
        LOG.info("parameters: {} in DL4J's layers (one bias each), {} in PyTorch's nn.LSTM (two)", dl4j, torch);
        TrainCh8.Result training = TrainCh8.trainCh8(
                model,
                data.trainIter(),
                data.vocab(),
                lm.numEpochs(),
                false,
                lm.out().resolve("9.3-train.png"));
        return new Result(dl4j, torch, training);
    }

    /**
     * The book's {@code RNNModel(nn.LSTM(num_inputs, num_hiddens, num_layers), len(vocab))} with
     * {@code torch.optim.SGD(lr)}: {@code numLayers} stacked {@link TbpttLstm}, the first reading
     * the vocabulary one-hot, each next one the previous one's hidden units.
     */
    public static RNNModel model(int vocabSize, int numHiddens, int numLayers, double lr, long seed) {
        List<TbpttLstm> layers = new ArrayList<>();
        for (int l = 0; l < numLayers; l++) {
            int nIn = l == 0 ? vocabSize : numHiddens;
            layers.add(new TbpttLstm(new LSTM.Builder().nIn(nIn).nOut(numHiddens)));
        }
        return new RNNModel(layers, vocabSize, new Sgd(lr), seed, DataType.FLOAT);
    }
}
