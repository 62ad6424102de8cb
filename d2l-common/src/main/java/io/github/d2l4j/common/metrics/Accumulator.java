package io.github.d2l4j.common.metrics;

import java.util.Arrays;

/**
 * Sums over {@code n} variables, like the book's {@code d2l.Accumulator}.
 *
 * <p>Defined in D2L §3.6.
 */
public final class Accumulator {
    private final double[] data;

    public Accumulator(int n) {
        if (n <= 0) {
            throw new IllegalArgumentException("an Accumulator needs at least one variable, got " + n);
        }
        data = new double[n];
    }

    /** Adds each argument to its variable; exactly {@code n} values are expected. */
    public void add(double... values) {
        if (values.length != data.length) {
            throw new IllegalArgumentException("expected " + data.length + " values, got " + values.length);
        }
        for (int i = 0; i < data.length; i++) {
            data[i] += values[i];
        }
    }

    public void reset() {
        Arrays.fill(data, 0);
    }

    public double get(int idx) {
        return data[idx];
    }

    public int size() {
        return data.length;
    }
}
