package io.github.d2l4j.common.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.function.DoubleSupplier;
import java.util.function.ToDoubleFunction;
import java.util.stream.LongStream;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Finite-difference gradient checks: the oracle that SameDiff's (and DL4J's) gradients are held
 * to. {@code f} maps a parameter array to a scalar loss; the checker perturbs copies of {@code x}
 * one element at a time and never changes {@code x} itself.
 */
public final class GradientCheck {
    private GradientCheck() {}

    /** \( (f(x + h e_i) - f(x - h e_i)) / 2h \), at flat index {@code i}. */
    public static double centralDifference(ToDoubleFunction<INDArray> f, INDArray x, long i, double h) {
        return (f.applyAsDouble(shifted(x, i, h)) - f.applyAsDouble(shifted(x, i, -h))) / (2 * h);
    }

    /** The central difference at every element, shaped like {@code x}, in double precision. */
    public static INDArray numericGradient(ToDoubleFunction<INDArray> f, INDArray x, double h) {
        INDArray g = x.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).dup().reshape(x.length());
        for (long i = 0; i < x.length(); i++) {
            g.putScalar(i, centralDifference(f, x, i, h));
        }
        return g.reshape(x.shape());
    }

    /**
     * Asserts that {@code analytic}, the gradient of {@code f} at {@code x}, matches central
     * differences within {@code atol + rtol * |numeric|} at the given flat indices, or at every
     * element when none are given. Use a step {@code h} small enough for the curvature and large
     * enough for float rounding: 1e-2 for float losses of order 1, smaller in double precision.
     */
    public static void assertGradient(
            String what,
            INDArray analytic,
            ToDoubleFunction<INDArray> f,
            INDArray x,
            double h,
            double rtol,
            double atol,
            long... indices) {
        assertThat(analytic.shape()).as("%s: gradient shape", what).containsExactly(x.shape());
        long[] at =
                indices.length > 0 ? indices : LongStream.range(0, x.length()).toArray();
        INDArray flat = analytic.reshape(analytic.length());
        for (long i : at) {
            double numeric = centralDifference(f, x, i, h);
            assertThat(flat.getDouble(i))
                    .as(
                            "%s: d/dx at %s (flat %d), finite difference %s",
                            what, NdAssert.index(x.shape(), i), i, numeric)
                    .isCloseTo(numeric, within(atol + rtol * Math.abs(numeric)));
        }
    }

    /**
     * A seeded random sample of {@code count} flat indices of an array of {@code length} elements,
     * to pass to {@link #assertGradient} where checking every element of a large parameter costs
     * too much: always the first and the last element, the others drawn without replacement, in
     * ascending order; every index when {@code length <= count}. The same seed gives the same
     * sample, so a failure can be reproduced.
     */
    public static long[] sample(long length, int count, long seed) {
        if (length < 1) {
            throw new IllegalArgumentException("length must be positive, got " + length);
        }
        if (count < 2) {
            throw new IllegalArgumentException("count must be at least 2 (the first and last element), got " + count);
        }
        if (length <= count) {
            return LongStream.range(0, length).toArray();
        }
        Random random = new Random(seed);
        TreeSet<Long> picked = new TreeSet<>(List.of(0L, length - 1));
        while (picked.size() < count) {
            picked.add(1 + random.nextLong(length - 2)); // an inner element
        }
        return picked.stream().mapToLong(Long::longValue).toArray();
    }

    /**
     * {@link #sample} of each part of a flat array laid out as consecutive parts of the given
     * lengths (a network's flattened parameters, one part per parameter), as indices into the
     * whole; part {@code k} is sampled with seed {@code seed + k}.
     */
    public static long[] samplePerPart(long[] partLengths, int count, long seed) {
        LongStream.Builder out = LongStream.builder();
        long offset = 0;
        for (int k = 0; k < partLengths.length; k++) {
            for (long i : sample(partLengths[k], count, seed + k)) {
                out.add(offset + i);
            }
            offset += partLengths[k];
        }
        return out.build().toArray();
    }

    /**
     * {@link #assertGradient} for a parameter that {@code loss} reads where it lies (a model's
     * weight): each probe changes {@code param} in place and puts it back.
     */
    public static void assertGradientInPlace(
            String what,
            INDArray analytic,
            INDArray param,
            DoubleSupplier loss,
            double h,
            double rtol,
            double atol,
            long... indices) {
        INDArray original = param.dup();
        assertGradient(what, analytic, inPlace(param, original, loss), original, h, rtol, atol, indices);
    }

    /** {@link #numericGradient} for a parameter that {@code loss} reads where it lies. */
    public static INDArray numericGradientInPlace(INDArray param, DoubleSupplier loss, double h) {
        INDArray original = param.dup();
        return numericGradient(inPlace(param, original, loss), original, h);
    }

    /**
     * The central differences at the given flat indices of a parameter that {@code loss} reads
     * where it lies, in the order of {@code indices}: {@link #numericGradientInPlace} at a {@link
     * #sample}.
     */
    public static double[] centralDifferencesInPlace(INDArray param, DoubleSupplier loss, double h, long[] indices) {
        INDArray original = param.dup();
        ToDoubleFunction<INDArray> f = inPlace(param, original, loss);
        return LongStream.of(indices)
                .mapToDouble(i -> centralDifference(f, original, i, h))
                .toArray();
    }

    private static ToDoubleFunction<INDArray> inPlace(INDArray param, INDArray original, DoubleSupplier loss) {
        return candidate -> {
            param.assign(candidate);
            try {
                return loss.getAsDouble();
            } finally {
                param.assign(original);
            }
        };
    }

    private static INDArray shifted(INDArray x, long i, double h) {
        INDArray y = x.dup();
        INDArray flat = y.reshape(y.length()); // a view of y's buffer
        flat.putScalar(i, flat.getDouble(i) + h);
        return y;
    }
}
