package io.github.d2l4j.common.attention;

import io.github.d2l4j.common.seq2seq.Dropout;
import java.util.Arrays;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/** Small graph helpers of this package: unique dropout names and the steps of a known shape. */
final class Names {
    private Names() {}

    /**
     * {@code base}, or {@code base_2}, {@code base_3}, ...: the first name with no dropout
     * placeholder in {@code sd} yet, so that a block applied twice in one graph gets two masks.
     */
    static String unique(SameDiff sd, String base) {
        String name = base;
        for (int k = 2; sd.hasVariable(name + Dropout.DRAWS); k++) {
            name = base + "_" + k;
        }
        return name;
    }

    /** The steps of a (batch, steps, d) placeholder or constant, whose shape SameDiff knows. */
    static int steps(SDVariable X) {
        long[] shape = X.getShape();
        if (shape == null || shape.length != 3 || shape[1] < 1) {
            throw new IllegalArgumentException("expected a (batch, steps, d) placeholder or constant with a fixed"
                    + " number of steps, got " + X.name() + " of shape " + Arrays.toString(shape)
                    + "; pass the number of steps for a computed variable");
        }
        return Math.toIntExact(shape[1]);
    }
}
