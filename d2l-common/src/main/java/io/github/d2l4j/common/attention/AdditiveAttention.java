package io.github.d2l4j.common.attention;

import io.github.d2l4j.common.block.Linear;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * The book's additive attention: a query and a key of different sizes are scored by a one-hidden-
 * layer perceptron,
 *
 * <p>\( a(\mathbf q, \mathbf k) = \mathbf w_v^\top \tanh(\mathbf W_q \mathbf q + \mathbf W_k
 * \mathbf k) \),
 *
 * <p>the scores go through {@link MaskedSoftmax#maskedSoftmax(SDVariable, SDVariable)}, and the
 * output is the weights' average of the values, with dropout on the weights in training. {@code
 * W_k} (h, key size), {@code W_q} (h, query size) and {@code w_v} (1, h) are {@code nn.Linear}
 * layers without bias, drawn in that order from PyTorch's default init.
 *
 * <p>Defined in D2L §10.3.
 */
public final class AdditiveAttention extends Attention {
    private final int numHiddens;
    private final Linear W_k;
    private final Linear W_q;
    private final Linear w_v;

    public AdditiveAttention(int keySize, int querySize, int numHiddens, double dropout) {
        super(dropout);
        if (keySize <= 0 || querySize <= 0 || numHiddens <= 0) {
            throw new IllegalArgumentException("AdditiveAttention needs positive sizes, got key size " + keySize
                    + ", query size " + querySize + ", num_hiddens " + numHiddens);
        }
        this.numHiddens = numHiddens;
        W_k = addChild("W_k", new Linear(keySize, numHiddens, false));
        W_q = addChild("W_q", new Linear(querySize, numHiddens, false));
        w_v = addChild("w_v", new Linear(numHiddens, 1, false));
    }

    @Override
    public SDVariable forward(
            SDVariable queries,
            SDVariable keys,
            SDVariable values,
            SDVariable validLens,
            long numQueries,
            long numKeys) {
        requireInputs("AdditiveAttention", queries, keys, values);
        SameDiff sd = queries.getSameDiff();
        SDVariable q = Shapes.linear(W_q, queries, numQueries); // (batch, queries, h)
        SDVariable k = Shapes.linear(W_k, keys, numKeys); // (batch, keys, h)
        // every query with every key: (batch, queries, 1, h) + (batch, 1, keys, h) -> (batch, queries, keys, h)
        SDVariable features = sd.math.tanh(sd.expandDims(q, 2).add(sd.expandDims(k, 1)));
        // w_v's one output, squeezed: scores (batch, queries, keys)
        SDVariable score = w_v.forward(features.reshape(-1, numHiddens));
        SDVariable scores = numQueries > 0 && numKeys > 0
                ? score.reshape(-1, numQueries, numKeys)
                : Shapes.reshape(score, Shapes.sizes(features, 0, 3));
        SDVariable weights = MaskedSoftmax.maskedSoftmax(scores, validLens, numKeys);
        keep(weights);
        return sd.mmul(dropout(weights, numQueries, numKeys, 1), values);
    }

    @Override
    protected String describe() {
        return "AdditiveAttention(num_hiddens=" + numHiddens + ", dropout=" + dropoutProbability() + ")";
    }
}
