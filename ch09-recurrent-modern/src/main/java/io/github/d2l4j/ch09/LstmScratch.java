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
 * Long short-term memory from scratch: besides the hidden state the model keeps a memory cell \(
 * C_t \), which three gates look after. The input gate \( I_t \), the forget gate \( F_t \) and
 * the output gate \( O_t \) are each \( \sigma(X_t W_{x\cdot} + H_{t-1} W_{h\cdot} + b_\cdot) \);
 * the candidate cell \( \tilde{C}_t = \tanh(X_t W_{xc} + H_{t-1} W_{hc} + b_c) \) enters the cell
 * as \( C_t = F_t \odot C_{t-1} + I_t \odot \tilde{C}_t \), and the hidden state shows \( H_t =
 * O_t \odot \tanh(C_t) \). The model is chapter 8's {@code RNNModelScratch} (SameDiff computes
 * the gradients) with the book's {@code get_lstm_params}, {@code init_lstm_state} and {@code
 * lstm}, trained by {@code trainCh8}: weights \( N(0, 0.01^2) \) ({@code randn * 0.01}), biases
 * zero, 256 hidden units, 500 epochs at learning rate 1.
 *
 * <p>D2L 9.2, Long Short-Term Memory (LSTM): the from-scratch half of the page.
 */
public final class LstmScratch {

    /** 9.2.2.3: trains the model from scratch; the result line carries its perplexity and speed. */
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
                c.out().resolve("9.2-scratch.png"));
    }

    /** The book's {@code RNNModelScratch(len(vocab), num_hiddens, device, get_lstm_params, init_lstm_state, lstm)}, with {@code d2l.sgd(lr, batch_size=1)}. */
    public static RNNModelScratch model(int vocabSize, int numHiddens, double lr) {
        return new RNNModelScratch(
                        vocabSize,
                        numHiddens,
                        LstmScratch::getLstmParams,
                        LstmScratch::initLstmState,
                        LstmScratch::lstm)
                .withUpdater((params, grads) -> Scratch.sgd(params, grads, lr, 1));
    }

    /**
     * 9.2.2.1: four (input weight, hidden weight, bias) triples, for the input gate, the forget
     * gate, the output gate and the candidate memory cell, then the output layer; weights \( N(0,
     * 0.01^2) \), biases zero.
     */
    public static Map<String, INDArray> getLstmParams(int vocabSize, int numHiddens) {
        int numInputs = vocabSize;
        int numOutputs = vocabSize;
        Map<String, INDArray> params = new LinkedHashMap<>();
        three(params, "i", numInputs, numHiddens); // input gate
        three(params, "f", numInputs, numHiddens); // forget gate
        three(params, "o", numInputs, numHiddens); // output gate
        three(params, "c", numInputs, numHiddens); // candidate memory cell
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

    /** 9.2.2.2: the initial state, the tuple (H, C) of two (batch, h) arrays of zeros. */
    public static List<INDArray> initLstmState(int batchSize, int numHiddens) {
        return List.of(
                Nd4j.zeros(DataType.FLOAT, batchSize, numHiddens), Nd4j.zeros(DataType.FLOAT, batchSize, numHiddens));
    }

    /**
     * 9.2.2.2: the model over the time steps of a minibatch; each step's X is (batch, vocab).
     * Returns the outputs of all steps stacked in time order, (steps * batch, vocab), and (H, C).
     */
    public static RNNModelScratch.Forward lstm(
            List<SDVariable> inputs, List<SDVariable> state, Map<String, SDVariable> params) {
        SDVariable W_xi = params.get("W_xi"), W_hi = params.get("W_hi"), b_i = params.get("b_i");
        SDVariable W_xf = params.get("W_xf"), W_hf = params.get("W_hf"), b_f = params.get("b_f");
        SDVariable W_xo = params.get("W_xo"), W_ho = params.get("W_ho"), b_o = params.get("b_o");
        SDVariable W_xc = params.get("W_xc"), W_hc = params.get("W_hc"), b_c = params.get("b_c");
        SDVariable W_hq = params.get("W_hq"), b_q = params.get("b_q");
        SameDiff sd = W_xi.getSameDiff();
        SDVariable H = state.get(0);
        SDVariable C = state.get(1);
        List<SDVariable> outputs = new ArrayList<>();
        for (SDVariable X : inputs) {
            SDVariable I = sd.nn.sigmoid(X.mmul(W_xi).add(H.mmul(W_hi)).add(b_i));
            SDVariable F = sd.nn.sigmoid(X.mmul(W_xf).add(H.mmul(W_hf)).add(b_f));
            SDVariable O = sd.nn.sigmoid(X.mmul(W_xo).add(H.mmul(W_ho)).add(b_o));
            SDVariable C_tilda = sd.math.tanh(X.mmul(W_xc).add(H.mmul(W_hc)).add(b_c));
            C = F.mul(C).add(I.mul(C_tilda));
            H = O.mul(sd.math.tanh(C));
            SDVariable Y = H.mmul(W_hq).add(b_q);
            outputs.add(Y);
        }
        return new RNNModelScratch.Forward(sd.concat(0, outputs.toArray(SDVariable[]::new)), List.of(H, C));
    }
}
