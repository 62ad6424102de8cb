package io.github.d2l4j.common.attention;

import io.github.d2l4j.common.block.Block;
import java.util.Arrays;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The book's {@code nn.LayerNorm(normalized_shape)}: each example is normalised over its last
 * k dimensions, those of {@code normalizedShape}, then scaled and shifted elementwise,
 *
 * <p>\( \mathrm{LN}(x) = \gamma \odot \frac{x - \mu}{\sqrt{\sigma^2 + \epsilon}} + \beta \), with
 * \( \mu \) and the biased variance \( \sigma^2 \) over those dimensions and \( \epsilon =
 * 10^{-5} \).
 *
 * <p>\( \gamma \) ({@code weight}) starts at 1 and \( \beta \) ({@code bias}) at 0, both of
 * {@code normalizedShape}: {@code LayerNorm(100, 24)} has 4,800 of each. Unlike batch
 * normalisation it uses no statistics across the batch, so training and prediction compute the
 * same thing. Written from SameDiff's elementary ops: M2.1's {@code sd.nn.layerNorm} and
 * {@code batchNorm} do not give every parameter a gradient.
 *
 * <p>Defined in D2L §10.7.
 */
public final class LayerNorm extends Block {
    /** PyTorch's default epsilon. */
    public static final double EPS = 1e-5;

    private final long[] normalizedShape;
    private final long size; // elements per example: the product of normalizedShape

    public LayerNorm(long... normalizedShape) {
        if (normalizedShape.length == 0 || Arrays.stream(normalizedShape).anyMatch(n -> n <= 0)) {
            throw new IllegalArgumentException(
                    "LayerNorm needs a non-empty shape of positive sizes, got " + Arrays.toString(normalizedShape));
        }
        this.normalizedShape = normalizedShape.clone();
        this.size = Arrays.stream(normalizedShape).reduce(1, Math::multiplyExact);
        addParameter("weight", Nd4j.ones(DataType.FLOAT, normalizedShape));
        addParameter("bias", Nd4j.zeros(DataType.FLOAT, normalizedShape));
    }

    /** {@code X} (..., normalizedShape): normalised over its last k dimensions, then γ and β. */
    @Override
    public SDVariable forward(SDVariable X) {
        SameDiff sd = X.getSameDiff();
        // One row per example: M2.1's mean over dimension -1 with keepDims gives wrong values for
        // rank 3, and a computed variable's rank is unknown, so the statistics are taken over
        // dimension 1 of a (examples, prod(normalizedShape)) matrix
        SDVariable rows = X.reshape(-1, size);
        SDVariable centred = rows.sub(rows.mean(true, 1));
        SDVariable variance = centred.mul(centred).mean(true, 1); // biased, as PyTorch's
        SDVariable normalised = centred.div(sd.math.sqrt(variance.add(EPS))).reshape(sd.shape(X));
        return normalised.mul(param(X, "weight")).add(param(X, "bias"));
    }

    public long[] normalizedShape() {
        return normalizedShape.clone();
    }

    @Override
    protected String describe() {
        return "LayerNorm(" + Arrays.toString(normalizedShape).replace('[', '(').replace(']', ')')
                + ", eps=1e-05, elementwise_affine=True)";
    }
}
