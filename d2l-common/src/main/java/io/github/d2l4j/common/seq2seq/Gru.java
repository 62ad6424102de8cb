package io.github.d2l4j.common.seq2seq;

import io.github.d2l4j.common.block.Block;
import io.github.d2l4j.common.model.TorchInit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * PyTorch's {@code nn.GRU(input_size, num_hiddens, num_layers, dropout)}, time-major, written from
 * SameDiff's elementary ops. Each layer computes, at every step,
 *
 * <p>\( r = \sigma(W_{ir} x + b_{ir} + W_{hr} h + b_{hr}) \), \( z = \sigma(W_{iz} x + b_{iz} +
 * W_{hz} h + b_{hz}) \), \( n = \tanh(W_{in} x + b_{in} + r \odot (W_{hn} h + b_{hn})) \), \( h'
 * = (1 - z) \odot n + z \odot h \):
 *
 * <p>the reset gate multiplies \( W_{hn} h + b_{hn} \), after the matrix product (the book's
 * scratch GRU of 9.1 applies it to h before; the two are different functions), and each gate has
 * two biases. The parameters are PyTorch's: {@code weight_ih_l}k (3h, in), {@code weight_hh_l}k
 * (3h, h), {@code bias_ih_l}k and {@code bias_hh_l}k (3h), gates in the order r, z, n, all drawn
 * from U(-1/sqrt(h), 1/sqrt(h)).
 *
 * <p>Dropout of probability {@code dropout} applies to the outputs of every layer but the last, in
 * training only ({@link Dropout}); each call of {@code forward} names its draws apart, so that one
 * graph may run the GRU step by step (10.4's decoder). The input's products for all steps are one
 * matrix product per layer; only the hidden state's product runs step by step.
 */
public final class Gru extends Block {
    private static final AtomicLong IDS = new AtomicLong();

    private final int inputSize;
    private final int numHiddens;
    private final int numLayers;
    private final double dropout;
    private final String name = "gru" + IDS.incrementAndGet(); // names its dropout placeholders
    private final AtomicLong calls = new AtomicLong(); // one graph may call forward more than once (10.4)

    public Gru(int inputSize, int numHiddens, int numLayers, double dropout) {
        if (inputSize <= 0 || numHiddens <= 0 || numLayers <= 0) {
            throw new IllegalArgumentException("GRU needs positive sizes, got input " + inputSize + ", hidden "
                    + numHiddens + ", layers " + numLayers);
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("GRU dropout must be in [0, 1), got " + dropout);
        }
        this.inputSize = inputSize;
        this.numHiddens = numHiddens;
        this.numLayers = numLayers;
        this.dropout = dropout;
        double k = 1 / Math.sqrt(numHiddens); // PyTorch's bound for every GRU parameter
        for (int l = 0; l < numLayers; l++) {
            long in = l == 0 ? inputSize : numHiddens;
            addParameter("weight_ih_l" + l, TorchInit.uniform(k, 3L * numHiddens, in));
            addParameter("weight_hh_l" + l, TorchInit.uniform(k, 3L * numHiddens, numHiddens));
            addParameter("bias_ih_l" + l, TorchInit.uniform(k, 3L * numHiddens));
            addParameter("bias_hh_l" + l, TorchInit.uniform(k, 3L * numHiddens));
        }
    }

    /** The outputs of the last layer at every step (steps, batch, h) and the final state (layers, batch, h). */
    public record Output(SDVariable output, SDVariable state) {}

    /**
     * The GRU over {@code X} (steps, batch, input) from the state {@code H0} (layers, batch, h),
     * or from zeros when {@code H0} is null. SameDiff graphs are unrolled, so the number of steps
     * is fixed here; {@code training} decides whether the graph has dropout.
     */
    public Output forward(SDVariable X, SDVariable H0, int numSteps, boolean training) {
        SameDiff sd = X.getSameDiff();
        SDVariable[] h0 = H0 == null ? null : sd.unstack(H0, 0, numLayers);
        SDVariable layerInput = X;
        List<SDVariable> finalStates = new ArrayList<>();
        String call = name + "_" + calls.incrementAndGet(); // each call's dropout placeholders are its own
        for (int l = 0; l < numLayers; l++) {
            long in = l == 0 ? inputSize : numHiddens;
            // W_i x + b_i for every step in one product: (steps * batch, in) x (in, 3h)
            SDVariable gi = sd.mmul(layerInput.reshape(-1, in), param(X, "weight_ih_l" + l), false, true, false)
                    .add(param(X, "bias_ih_l" + l))
                    .reshape(numSteps, -1, 3L * numHiddens);
            SDVariable[] giRzn = sd.split(gi, 3, 2); // r, z, n parts, each (steps, batch, h)
            SDVariable[] giR = sd.unstack(giRzn[0], 0, numSteps);
            SDVariable[] giZ = sd.unstack(giRzn[1], 0, numSteps);
            SDVariable[] giN = sd.unstack(giRzn[2], 0, numSteps);
            SDVariable H = h0 == null ? sd.zerosLike(giR[0]) : h0[l];
            List<SDVariable> outputs = new ArrayList<>();
            for (int t = 0; t < numSteps; t++) {
                SDVariable gh = sd.mmul(H, param(X, "weight_hh_l" + l), false, true, false)
                        .add(param(X, "bias_hh_l" + l));
                SDVariable[] ghRzn = sd.split(gh, 3, 1);
                SDVariable r = sd.nn.sigmoid(giR[t].add(ghRzn[0]));
                SDVariable z = sd.nn.sigmoid(giZ[t].add(ghRzn[1]));
                SDVariable n = sd.math.tanh(giN[t].add(r.mul(ghRzn[2])));
                H = n.add(z.mul(H.sub(n))); // (1 - z) n + z h
                outputs.add(H);
            }
            finalStates.add(H);
            layerInput = sd.stack(0, outputs.toArray(SDVariable[]::new));
            if (training && l < numLayers - 1) { // between layers, never after the last
                layerInput = Dropout.apply(layerInput, dropout, call + "_l" + l, numSteps, -1, numHiddens);
            }
        }
        return new Output(layerInput, sd.stack(0, finalStates.toArray(SDVariable[]::new)));
    }

    /** The input's products, all steps at once, need the graph's placeholder to say how many steps. */
    @Override
    public SDVariable forward(SDVariable X) {
        throw new UnsupportedOperationException("call forward(X, H0, numSteps, training)");
    }

    public int numHiddens() {
        return numHiddens;
    }

    public int numLayers() {
        return numLayers;
    }

    @Override
    protected String describe() {
        return "GRU(" + inputSize + ", " + numHiddens + ", num_layers=" + numLayers
                + (dropout > 0 ? ", dropout=" + dropout : "") + ")";
    }
}
