package io.github.d2l4j.common.metrics;

import java.util.ArrayList;
import java.util.List;

/**
 * Records multiple running times, like the book's {@code d2l.Timer}.
 *
 * <p>Defined in D2L §3.1.
 */
public final class Timer {
    private final List<Double> times = new ArrayList<>();
    private long startNanos;

    /** Creates a timer and starts it, as the book's constructor does. */
    public Timer() {
        start();
    }

    /** Starts the timer. */
    public void start() {
        startNanos = System.nanoTime();
    }

    /** Stops the timer, records the time, and returns it in seconds. */
    public double stop() {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        times.add(seconds);
        return seconds;
    }

    /** The average recorded time, in seconds. */
    public double avg() {
        return times.isEmpty() ? 0 : sum() / times.size();
    }

    /** The total of the recorded times, in seconds. */
    public double sum() {
        return times.stream().mapToDouble(Double::doubleValue).sum();
    }

    /** The median recorded time: robust to one slow (JIT-warming) epoch. */
    public double median() {
        if (times.isEmpty()) {
            return 0;
        }
        double[] sorted =
                times.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    /** The cumulative times, in seconds. */
    public double[] cumsum() {
        double[] out = new double[times.size()];
        double acc = 0;
        for (int i = 0; i < out.length; i++) {
            acc += times.get(i);
            out[i] = acc;
        }
        return out;
    }

    /** The recorded times, in seconds. */
    public List<Double> times() {
        return List.copyOf(times);
    }
}
