package io.github.d2l4j.common.attention;

import io.github.d2l4j.common.block.Block;
import io.github.d2l4j.common.seq2seq.Dropout;
import java.util.concurrent.atomic.AtomicLong;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The Transformer's residual connection followed by layer normalisation:
 *
 * <p>\( \mathrm{AddNorm}(X, Y) = \mathrm{LN}(\mathrm{dropout}(Y) + X) \),
 *
 * <p>with Y the output of the sublayer (attention or the position-wise FFN) whose input was X, so
 * both have the same shape. The dropout acts on Y before the residual, in training only (trap
 * 10(c)); the layer norm is {@link LayerNorm} over {@code normalizedShape} (the book's demos use
 * {@code [100, 24]}, training uses {@code [numHiddens]}).
 *
 * <p>Defined in D2L §10.7.
 */
public final class AddNorm extends Block {
    private static final AtomicLong IDS = new AtomicLong();

    private final double dropout;
    private final LayerNorm ln;
    private final String name = "addnorm" + IDS.incrementAndGet(); // names its dropout placeholders
    private boolean training = true; // PyTorch modules start in training mode

    public AddNorm(long[] normalizedShape, double dropout) {
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
        }
        this.dropout = dropout;
        this.ln = addChild("ln", new LayerNorm(normalizedShape));
    }

    /**
     * {@code LN(dropout(Y) + X)} for X and Y (batch, numSteps, d), with dropout in training mode
     * ({@link #train}). SameDiff does not know the shape of a computed variable, so the number of
     * steps comes in (for the dropout mask).
     */
    public SDVariable forward(SDVariable X, SDVariable Y, int numSteps) {
        if (training && dropout > 0) {
            long[] norm = ln.normalizedShape();
            long d = norm[norm.length - 1];
            Y = Dropout.apply(Y, dropout, Names.unique(Y.getSameDiff(), name), -1, numSteps, d);
        }
        return ln.forward(Y.add(X));
    }

    /** An add-norm has two inputs: call {@link #forward(SDVariable, SDVariable, int)}. */
    @Override
    public SDVariable forward(SDVariable X) {
        throw new UnsupportedOperationException("AddNorm takes X and Y: call forward(X, Y, numSteps)");
    }

    /** The book's {@code add_norm(X, Y)} now, in this block's mode, with fresh dropout draws in training. */
    public INDArray apply(INDArray X, INDArray Y) {
        if (X.rank() != 3 || !java.util.Arrays.equals(X.shape(), Y.shape())) {
            throw new IllegalArgumentException("X and Y must both be (batch, steps, d), got "
                    + java.util.Arrays.toString(X.shape()) + " and " + java.util.Arrays.toString(Y.shape()));
        }
        SameDiff sd = SameDiff.create();
        SDVariable out = forward(
                sd.constant("X", X.castTo(DataType.FLOAT)),
                sd.constant("Y", Y.castTo(DataType.FLOAT)),
                Math.toIntExact(X.size(1)));
        return out.eval(Dropout.draws(sd, X.size(0)));
    }

    /** PyTorch's {@code train(mode)}: graphs built afterwards have dropout ({@code true}) or not. */
    public void train(boolean mode) {
        training = mode;
    }

    /** PyTorch's {@code eval()}: {@code train(false)}. Returns this block, as the book chains it. */
    public AddNorm eval() {
        train(false);
        return this;
    }

    public boolean isTraining() {
        return training;
    }

    public LayerNorm ln() {
        return ln;
    }
}
