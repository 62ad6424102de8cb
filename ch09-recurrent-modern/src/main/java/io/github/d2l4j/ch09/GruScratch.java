package io.github.d2l4j.ch09;

import io.github.d2l4j.common.data.TimeMachine;
import io.github.d2l4j.common.rnn.LanguageModelConfig;
import io.github.d2l4j.common.rnn.RNNModelScratch;
import io.github.d2l4j.common.rnn.TrainCh8;
import io.github.d2l4j.common.train.Scratch;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A gated recurrent unit from scratch: two gates decide how much of the old state to keep, the
 * update gate \( Z_t = \sigma(X_t W_{xz} + H_{t-1} W_{hz} + b_z) \) and the reset gate \( R_t =
 * \sigma(X_t W_{xr} + H_{t-1} W_{hr} + b_r) \); the candidate state \( \tilde{H}_t = \tanh(X_t
 * W_{xh} + (R_t \odot H_{t-1}) W_{hh} + b_h) \) reads only what the reset gate lets through, and
 * the new state \( H_t = Z_t \odot H_{t-1} + (1 - Z_t) \odot \tilde{H}_t \) mixes old and new.
 * The model is chapter 8's {@code RNNModelScratch} (SameDiff computes the gradients) with the
 * book's {@code get_params}, {@code init_gru_state} and {@code gru}, trained by {@code trainCh8}.
 *
 * <p>As the book writes it, the reset gate multiplies \( H_{t-1} \) before the product with \(
 * W_{hh} \); PyTorch's {@code nn.GRU}, the concise half ({@link GruConcise}), multiplies \( H_{t-1}
 * W_{hn} + b_{hn} \) after it. Weights come from \( N(0, 0.01^2) \) ({@code randn * 0.01}), biases
 * are zero.
 *
 * <p>D2L 9.1, Gated Recurrent Units (GRU): the from-scratch half of the page, run by {@link Gru}.
 */
public final class GruScratch {

    /** 9.1.2: trains the model from scratch; the result line carries its perplexity and speed. */
    public static TrainCh8.Result run(LanguageModelConfig c) {
        TimeMachine.Data data = c.loadData(); // the first 10,000 characters, as the book
        Nd4j.getRandom().setSeed(c.seed());
        RNNModelScratch model = model(data.vocab().size(), c.numHiddens(), c.lr());
        return TrainCh8.trainCh8(
                model,
                data.trainIter(),
                data.vocab(),
                c.numEpochs(),
                false,
                c.out().resolve("9.1-scratch.png"));
    }

    /** 9.1.2.4: the book's {@code RNNModelScratch(len(vocab), num_hiddens, device, get_params, init_gru_state, gru)}, with {@code d2l.sgd(lr, batch_size=1)}. */
    public static RNNModelScratch model(int vocabSize, int numHiddens, double lr) {
        return new RNNModelScratch(
                        vocabSize, numHiddens, GruScratch::getParams, GruScratch::initGruState, GruScratch::gru)
                .withUpdater((params, grads) -> Scratch.sgd(params, grads, lr, 1));
    }

    /**
     * 9.1.2.1: three (input weight, hidden weight, bias) triples, for the update gate, the reset
     * gate and the candidate state, then the output layer; weights \( N(0, 0.01^2) \), biases zero.
     */
    public static Map<String, INDArray> getParams(int vocabSize, int numHiddens) {
        int numInputs = vocabSize;
        int numOutputs = vocabSize;
        Map<String, INDArray> params = new LinkedHashMap<>();
        three(params, "z", numInputs, numHiddens); // update gate
        three(params, "r", numInputs, numHiddens); // reset gate
        three(params, "h", numInputs, numHiddens); // candidate hidden state
        params.put("W_hq", normal(numHiddens, numOutputs)); // output layer
        params.put("b_q", Nd4j.zeros(DataType.FLOAT, numOutputs));
        return params;
    }

    /** The book's {@code three()}: {@code W_x·}, {@code W_h·} and {@code b_·} for gate {@code g}. */
    private static void three(Map<String, INDArray> params, String g, int numInputs, int numHiddens) {
        params.put("W_x" + g, normal(numInputs, numHiddens));
        params.put("W_h" + g, normal(numHiddens, numHiddens));
        params.put("b_" + g, Nd4j.zeros(DataType.FLOAT, numHiddens));
    }

    private static INDArray normal(long... shape) {
        return Nd4j.randn(DataType.FLOAT, shape).muli(0.01);
    }

    /** 9.1.2.2: the initial state, a tuple holding one (batch, h) array of zeros. */
    public static List<INDArray> initGruState(int batchSize, int numHiddens) {
        return List.of(Nd4j.zeros(DataType.FLOAT, batchSize, numHiddens));
    }

    /**
     * 9.1.2.3: the model over the time steps of a minibatch; each step's X is (batch, vocab).
     * Returns the outputs of all steps stacked in time order, (steps * batch, vocab), and the state.
     */
    public static RNNModelScratch.Forward gru(
            List<SDVariable> inputs, List<SDVariable> state, Map<String, SDVariable> params) {
        SDVariable W_xz = params.get("W_xz"), W_hz = params.get("W_hz"), b_z = params.get("b_z");
        SDVariable W_xr = params.get("W_xr"), W_hr = params.get("W_hr"), b_r = params.get("b_r");
        SDVariable W_xh = params.get("W_xh"), W_hh = params.get("W_hh"), b_h = params.get("b_h");
        SDVariable W_hq = params.get("W_hq"), b_q = params.get("b_q");
        SameDiff sd = W_xz.getSameDiff();
        SDVariable H = state.get(0);
        List<SDVariable> outputs = new ArrayList<>();
        for (SDVariable X : inputs) {
            SDVariable Z = sd.nn.sigmoid(X.mmul(W_xz).add(H.mmul(W_hz)).add(b_z));
            SDVariable R = sd.nn.sigmoid(X.mmul(W_xr).add(H.mmul(W_hr)).add(b_r));
            SDVariable H_tilda =
                    sd.math.tanh(X.mmul(W_xh).add(R.mul(H).mmul(W_hh)).add(b_h));
            H = Z.mul(H).add(Z.rsub(1).mul(H_tilda));
            SDVariable Y = H.mmul(W_hq).add(b_q);
            outputs.add(Y);
        }
        return new RNNModelScratch.Forward(sd.concat(0, outputs.toArray(SDVariable[]::new)), List.of(H));
    }
}
