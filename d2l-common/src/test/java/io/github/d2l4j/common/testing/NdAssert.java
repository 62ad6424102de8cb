package io.github.d2l4j.common.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Closeness of ND4J arrays: the shape first, then every element, naming what is compared. */
public final class NdAssert {
    private NdAssert() {}

    /**
     * Asserts that {@code actual} has {@code expected}'s shape and that every element satisfies
     * {@code |actual - expected| <= atol + rtol * |expected|}. A failure names {@code what}, the
     * first element that differs and its index.
     */
    public static void assertClose(String what, INDArray actual, INDArray expected, double rtol, double atol) {
        assertThat(actual.shape()).as("%s: shape", what).containsExactly(expected.shape());
        INDArray a = actual.reshape(actual.length());
        INDArray e = expected.reshape(expected.length());
        for (long i = 0; i < e.length(); i++) {
            double want = e.getDouble(i);
            double got = a.getDouble(i);
            assertThat(got)
                    .as("%s: element %s (flat %d) is %s, expected %s", what, index(expected.shape(), i), i, got, want)
                    .isCloseTo(want, org.assertj.core.api.Assertions.within(atol + rtol * Math.abs(want)));
        }
    }

    /** {@link #assertClose(String, INDArray, INDArray, double, double)} with one tolerance for both. */
    public static void assertClose(String what, INDArray actual, INDArray expected, double tol) {
        assertClose(what, actual, expected, tol, tol);
    }

    /** The multi-index of flat index {@code i} in a c-ordered array of this shape. */
    static String index(long[] shape, long i) {
        long[] idx = new long[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            idx[d] = shape[d] == 0 ? 0 : i % shape[d];
            i = shape[d] == 0 ? 0 : i / shape[d];
        }
        return Arrays.toString(idx);
    }
}
