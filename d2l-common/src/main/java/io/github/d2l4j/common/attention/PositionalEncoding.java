package io.github.d2l4j.common.attention;

import io.github.d2l4j.common.block.Block;
import io.github.d2l4j.common.seq2seq.Dropout;
import java.util.concurrent.atomic.AtomicLong;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The book's sinusoidal positional encoding: a fixed matrix \( P \in \mathbb{R}^{n \times d} \)
 * added to the input \( X \) (batch, steps, d), with
 *
 * <p>\( p_{i,2j} = \sin\left(\frac{i}{10000^{2j/d}}\right) \), \( p_{i,2j+1} =
 * \cos\left(\frac{i}{10000^{2j/d}}\right) \):
 *
 * <p>sine on the even columns, cosine on the odd ones, so d must be even. The forward pass is
 * {@code dropout(X + P[:, :steps])}, the dropout in training only (trap 10(a): in the
 * Transformer it follows the scaled embedding). P holds {@code maxLen} rows (1000 by default);
 * {@link #P()} gives it as the book's {@code pos_encoding.P}, (1, maxLen, d), float32.
 *
 * <p>Why self-attention needs it, from the section's comparison (n tokens of d dimensions, a
 * convolution of kernel k):
 *
 * <table>
 * <caption>Cost of the three architectures</caption>
 * <tr><th>architecture</th><th>compute</th><th>sequential ops</th><th>max path length</th></tr>
 * <tr><td>CNN</td><td>O(knd²)</td><td>O(1)</td><td>O(n/k)</td></tr>
 * <tr><td>RNN</td><td>O(nd²)</td><td>O(n)</td><td>O(n)</td></tr>
 * <tr><td>self-attention</td><td>O(n²d)</td><td>O(1)</td><td>O(1)</td></tr>
 * </table>
 *
 * <p>Self-attention has no order of its own; the encoding gives it one.
 *
 * <p>Defined in D2L §10.6.
 */
public final class PositionalEncoding extends Block {
    private static final AtomicLong IDS = new AtomicLong();

    private final int numHiddens;
    private final double dropout;
    private final int maxLen;
    private final INDArray P;
    private final String name = "posenc" + IDS.incrementAndGet(); // names its dropout placeholders
    private boolean training = true; // PyTorch modules start in training mode

    public PositionalEncoding(int numHiddens, double dropout) {
        this(numHiddens, dropout, 1000);
    }

    public PositionalEncoding(int numHiddens, double dropout, int maxLen) {
        if (numHiddens <= 0 || numHiddens % 2 != 0) {
            throw new IllegalArgumentException("the positional encoding needs an even, positive numHiddens (sine on"
                    + " the even columns, cosine on the odd ones), got " + numHiddens);
        }
        if (maxLen <= 0) {
            throw new IllegalArgumentException("maxLen must be positive, got " + maxLen);
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
        }
        this.numHiddens = numHiddens;
        this.dropout = dropout;
        this.maxLen = maxLen;
        this.P = encoding(maxLen, numHiddens);
    }

    /** P (1, maxLen, d), computed in float32 as the book does: i / 10000^(2j/d), then sin and cos. */
    private static INDArray encoding(int maxLen, int d) {
        float[][] p = new float[maxLen][d];
        for (int i = 0; i < maxLen; i++) {
            for (int j = 0; j < d; j += 2) {
                float x = (float) i / (float) Math.pow(10000f, (float) j / d);
                p[i][j] = (float) Math.sin(x);
                p[i][j + 1] = (float) Math.cos(x);
            }
        }
        return Nd4j.createFromArray(p).reshape(1, maxLen, d);
    }

    /** The book's {@code P}: (1, maxLen, numHiddens). Do not change it. */
    public INDArray P() {
        return P;
    }

    /**
     * {@code dropout(X + P[:, :numSteps])} for {@code X} (batch, numSteps, numHiddens), with dropout
     * in training mode ({@link #train}). SameDiff does not know the shape of a computed variable,
     * so the number of steps comes in. (The book's prediction feeds the Transformer decoder one
     * token at a time: {@code numSteps} 1, so every generated token gets position 0.)
     */
    public SDVariable forward(SDVariable X, int numSteps) {
        if (numSteps < 1 || numSteps > maxLen) {
            throw new IllegalArgumentException(
                    "the positional encoding covers 1 to maxLen " + maxLen + " steps, got " + numSteps);
        }
        SameDiff sd = X.getSameDiff();
        INDArray slice = P.get(NDArrayIndex.all(), NDArrayIndex.interval(0, numSteps), NDArrayIndex.all())
                .dup();
        SDVariable out = X.add(sd.constant(slice));
        return training ? Dropout.apply(out, dropout, Names.unique(sd, name), -1, numSteps, numHiddens) : out;
    }

    /** {@link #forward(SDVariable, int)} for a placeholder or constant, whose shape is known. */
    @Override
    public SDVariable forward(SDVariable X) {
        return forward(X, Names.steps(X));
    }

    /** The book's {@code pos_encoding(X)} now, with fresh dropout draws in training mode. */
    @Override
    public INDArray apply(INDArray X) {
        SameDiff sd = SameDiff.create();
        SDVariable out = forward(sd.constant("X", X.castTo(DataType.FLOAT)));
        return out.eval(Dropout.draws(sd, X.size(0)));
    }

    /** PyTorch's {@code train(mode)}: graphs built afterwards have dropout ({@code true}) or not. */
    public void train(boolean mode) {
        training = mode;
    }

    /** PyTorch's {@code eval()}: {@code train(false)}. Returns this block, as the book chains it. */
    public PositionalEncoding eval() {
        train(false);
        return this;
    }

    public boolean isTraining() {
        return training;
    }

    public int numHiddens() {
        return numHiddens;
    }

    /**
     * The book's binary printout after the encoding's plot: {@code i} in {@code bits} binary
     * digits, as Python's {@code f'{i:>03b}'} writes it for 3 bits ({@code 5 -> "101"}). Like the
     * columns of P, the lower bits alternate faster than the higher ones.
     */
    public static String binary(int i, int bits) {
        if (i < 0 || bits < 1 || bits > 31 || i >= (1 << bits)) {
            throw new IllegalArgumentException(
                    "need 0 <= i < 2^bits with 1 <= bits <= 31, got i " + i + ", bits " + bits);
        }
        String s = Integer.toBinaryString(i);
        return "0".repeat(bits - s.length()) + s;
    }

    @Override
    protected String describe() {
        return "PositionalEncoding(num_hiddens=" + numHiddens + ", dropout=" + dropout + ", max_len=" + maxLen + ")";
    }
}
