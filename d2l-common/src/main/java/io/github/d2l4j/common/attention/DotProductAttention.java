package io.github.d2l4j.common.attention;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * The book's scaled dot-product attention, for queries and keys of the same size d:
 *
 * <p>\( \mathrm{softmax}\left(\mathbf Q \mathbf K^\top / \sqrt d\right) \mathbf V \),
 *
 * <p>with the softmax masked by the valid lengths ({@link MaskedSoftmax}) and dropout on the
 * weights in training. It has no parameters; d is read from the queries' last axis when the graph
 * runs, as the book's {@code queries.shape[-1]}.
 *
 * <p>Defined in D2L §10.3.
 */
public final class DotProductAttention extends Attention {
    public DotProductAttention(double dropout) {
        super(dropout);
    }

    @Override
    public SDVariable forward(
            SDVariable queries,
            SDVariable keys,
            SDVariable values,
            SDVariable validLens,
            long numQueries,
            long numKeys) {
        return forward(queries, keys, values, validLens, numQueries, numKeys, 1, -1);
    }

    /**
     * The forward pass on (batch * groups, ...) inputs, as multi-head attention calls it: dropout
     * draws its mask per (batch, group), so that the batch size alone fills in its draws. {@code d},
     * the queries' size where known ({@code > 0}), saves reading it from the graph.
     */
    SDVariable forward(
            SDVariable queries,
            SDVariable keys,
            SDVariable values,
            SDVariable validLens,
            long numQueries,
            long numKeys,
            int groups,
            long d) {
        requireInputs("DotProductAttention", queries, keys, values);
        SameDiff sd = queries.getSameDiff();
        SDVariable products = sd.mmul(queries, keys, false, true, false); // (batch, queries, keys)
        SDVariable scores = d > 0
                ? products.div(Math.sqrt(d))
                : products.div(sd.math.sqrt(Shapes.sizes(queries, 2, 1).castTo(queries.dataType())));
        SDVariable weights = MaskedSoftmax.maskedSoftmax(scores, validLens, numKeys);
        keep(weights);
        return sd.mmul(dropout(weights, numQueries, numKeys, groups), values);
    }

    @Override
    protected String describe() {
        return "DotProductAttention(dropout=" + dropoutProbability() + ")";
    }
}
