package io.github.d2l4j.common.attention;

import io.github.d2l4j.common.block.Block;
import io.github.d2l4j.common.seq2seq.Dropout;
import java.util.concurrent.atomic.AtomicLong;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What the book's attention modules share: {@code forward(queries, keys, values, valid_lens)} on
 * SameDiff variables, their {@code attention_weights} after a forward pass, and PyTorch's training
 * mode, which decides whether dropout is part of the graphs built afterwards.
 *
 * <p>Dropout on the attention weights is {@link Dropout}'s fed random mask (SameDiff's dropout ops
 * have no gradient): its draws are a placeholder of shape (batch, queries, keys) whose batch size
 * {@link Dropout#draws} fills in at each step, so a graph that trains with dropout must know its
 * numbers of queries and keys when it is built. {@link #forward(SDVariable, SDVariable, SDVariable,
 * SDVariable)} takes them from the queries' and keys' static shapes (placeholders and constants have
 * one); a graph that computes them passes the sizes to {@link #forward(SDVariable, SDVariable,
 * SDVariable, SDVariable, long, long)}. Graphs without dropout (evaluation mode, or dropout 0)
 * never need them.
 *
 * <p>Defined in D2L §10.3.
 */
public abstract class Attention extends Block {
    private static final AtomicLong CALLS = new AtomicLong(); // names each dropout placeholder uniquely

    private final double dropout;
    private boolean training = true; // PyTorch modules start in training mode
    private SDVariable attentionWeights;

    protected Attention(double dropout) {
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException(
                    getClass().getSimpleName() + " dropout must be in [0, 1), got " + dropout);
        }
        this.dropout = dropout;
    }

    /** A result on arrays: the output (batch, queries, value size) and the attention weights. */
    public record Output(INDArray output, INDArray attentionWeights) {}

    /**
     * The book's {@code forward(queries, keys, values, valid_lens)}: queries (batch, queries, query
     * size), keys (batch, keys, key size), values (batch, keys, value size), validLens null, (batch)
     * or (batch, queries). The numbers of queries and keys, which dropout's draws need in training,
     * come from the static shapes of {@code queries} and {@code keys}.
     */
    public final SDVariable forward(SDVariable queries, SDVariable keys, SDVariable values, SDVariable validLens) {
        requireInputs(getClass().getSimpleName(), queries, keys, values);
        return forward(queries, keys, values, validLens, Shapes.staticSize(queries, 1), Shapes.staticSize(keys, 1));
    }

    /**
     * {@link #forward(SDVariable, SDVariable, SDVariable, SDVariable)} with the numbers of queries
     * and keys given, for a graph whose queries or keys are computed (-1 where unknown: then the
     * graph may not have dropout).
     */
    public abstract SDVariable forward(
            SDVariable queries,
            SDVariable keys,
            SDVariable values,
            SDVariable validLens,
            long numQueries,
            long numKeys);

    /** Attention needs queries, keys and values: use {@link #forward(SDVariable, SDVariable, SDVariable, SDVariable)}. */
    @Override
    public final SDVariable forward(SDVariable X) {
        throw new UnsupportedOperationException(getClass().getSimpleName()
                + " needs queries, keys and values: call forward(queries, keys, values," + " validLens)");
    }

    /**
     * Runs the block on arrays now, as calling the book's module does, and returns the output with
     * the attention weights. validLens may be null.
     */
    public final Output apply(INDArray queries, INDArray keys, INDArray values, INDArray validLens) {
        SameDiff sd = SameDiff.create();
        SDVariable out = forward(
                sd.constant("queries", queries),
                sd.constant("keys", keys),
                sd.constant("values", values),
                validLens == null ? null : sd.constant("validLens", validLens));
        var feed = Dropout.draws(sd, queries.size(0));
        var arrays = sd.output(feed, out.name(), attentionWeights.name());
        return new Output(arrays.get(out.name()), arrays.get(attentionWeights.name()));
    }

    /**
     * The book's {@code attention_weights}: the attention weights of the last forward pass, before
     * dropout (the book stores them before it drops any), (batch, queries, keys); null before the
     * first. Fetch them by {@link SDVariable#name()} from the graph's output.
     */
    public SDVariable attentionWeights() {
        return attentionWeights;
    }

    /** Keeps {@code weights} as this pass's attention weights. */
    protected final void keep(SDVariable weights) {
        attentionWeights = weights;
    }

    /**
     * The book's {@code self.dropout(weights)}: in training, inverted dropout on the weights (batch *
     * groups, queries, keys), whose draws are drawn per batch element (batch, groups, queries, keys)
     * so that {@link Dropout#draws} fills them in from the batch size; groups is 1, or the number of
     * heads of a multi-head attention.
     */
    protected final SDVariable dropout(SDVariable weights, long numQueries, long numKeys, int groups) {
        if (!training || dropout == 0) {
            return weights;
        }
        if (numQueries < 1 || numKeys < 1) {
            throw new IllegalArgumentException(getClass().getSimpleName() + " in training with dropout "
                    + dropout + " needs the numbers of queries and keys when the graph is built, got "
                    + numQueries + " and " + numKeys + ": pass them to forward(queries, keys, values, validLens,"
                    + " numQueries, numKeys), or call eval()");
        }
        String name = getClass().getSimpleName() + "_" + CALLS.incrementAndGet();
        if (groups == 1) {
            return Dropout.apply(weights, dropout, name, -1, numQueries, numKeys);
        }
        SDVariable grouped = weights.reshape(-1, groups, numQueries, numKeys);
        return Dropout.apply(grouped, dropout, name, -1, groups, numQueries, numKeys)
                .reshape(-1, numQueries, numKeys);
    }

    /** PyTorch's {@code train(mode)}: graphs built afterwards train ({@code true}) or evaluate. */
    public void train(boolean mode) {
        training = mode;
    }

    /** PyTorch's {@code eval()}: {@code train(false)}. Returns this block, as the book chains it. */
    public Attention eval() {
        train(false);
        return this;
    }

    public boolean isTraining() {
        return training;
    }

    public double dropoutProbability() {
        return dropout;
    }

    protected static void requireInputs(String who, SDVariable queries, SDVariable keys, SDVariable values) {
        if (queries == null || keys == null || values == null) {
            throw new IllegalArgumentException(
                    who + " needs queries, keys and values, got " + queries + ", " + keys + ", " + values);
        }
    }
}
