package io.github.d2l4j.common.seq2seq;

import io.github.d2l4j.common.block.Block;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The book's {@code nn.Embedding(vocab_size, embed_size)}: row i of the weight (vocab, embed) is
 * token i's vector; initialised from N(0, 1), as PyTorch does.
 */
public final class Embedding extends Block {
    private final int vocabSize;
    private final int embedSize;

    public Embedding(int vocabSize, int embedSize) {
        if (vocabSize <= 0 || embedSize <= 0) {
            throw new IllegalArgumentException(
                    "Embedding needs positive sizes, got vocab " + vocabSize + ", embed " + embedSize);
        }
        this.vocabSize = vocabSize;
        this.embedSize = embedSize;
        addParameter("weight", Nd4j.randn(DataType.FLOAT, vocabSize, embedSize));
    }

    /**
     * Token indices (batch, steps) to their vectors (batch, steps, embed). A one-hot product rather
     * than a gather: SameDiff M2.1 differentiates {@code gather} through a control-flow loop that
     * fails in a graph with more than one of them.
     */
    @Override
    public SDVariable forward(SDVariable X) {
        int numSteps = Encoder.numSteps(X);
        SDVariable oneHot = X.getSameDiff().oneHot(X.reshape(-1), vocabSize, -1, 1.0, 0.0, DataType.FLOAT);
        return oneHot.mmul(param(X, "weight")).reshape(-1, numSteps, embedSize);
    }

    public int embedSize() {
        return embedSize;
    }

    @Override
    protected String describe() {
        return "Embedding(" + vocabSize + ", " + embedSize + ")";
    }
}
