package io.github.d2l4j.ch09;

import io.github.d2l4j.common.data.TimeMachine;
import io.github.d2l4j.common.rnn.LanguageModelConfig;
import io.github.d2l4j.common.rnn.RNNModel;
import io.github.d2l4j.common.rnn.TbpttGru;
import io.github.d2l4j.common.rnn.TrainCh8;
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

    /** 9.1.3: trains the DL4J model; the result line carries its perplexity and speed. */
    public static TrainCh8.Result run(LanguageModelConfig c) {
        TimeMachine.Data data = c.loadData(); // the first 10,000 characters, as the book
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
