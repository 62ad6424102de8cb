package io.github.d2l4j.common.optim;

import io.github.d2l4j.common.plot.Axes;
import io.github.d2l4j.common.plot.Contours;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleBinaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The book's 2-D optimisation harness: {@code train_2d} and {@code show_trace_2d}.
 *
 * <p>Defined in D2L §11.3.
 */
public final class Train2d {
    private static final Logger LOG = LoggerFactory.getLogger(Train2d.class);

    private Train2d() {}

    /** The book's trainer state {@code (x1, x2, s1, s2)}: the point and two auxiliary variables. */
    public record State(double x1, double x2, double s1, double s2) {}

    /** One step of a 2-D optimiser: the book's {@code trainer(x1, x2, s1, s2)}. */
    @FunctionalInterface
    public interface Trainer {
        State step(State s);
    }

    /**
     * {@code train_2d(trainer, steps)}: {@code steps} steps from (x1, x2) = (-5, -2) with s1 = s2 = 0, in
     * double (the book's Python floats); logs {@link #lastLine} once at the end.
     *
     * @return the trace: {@code steps + 1} points {x1, x2}, the start first
     */
    public static List<double[]> train2d(Trainer trainer, int steps) {
        if (trainer == null || steps < 1) {
            throw new IllegalArgumentException("train2d: need a trainer and steps >= 1, got steps=" + steps);
        }
        State s = new State(-5, -2, 0, 0); // the book's start, far from the minimum at the origin
        List<double[]> results = new ArrayList<>();
        results.add(new double[] {s.x1(), s.x2()});
        for (int i = 0; i < steps; i++) {
            s = trainer.step(s);
            results.add(new double[] {s.x1(), s.x2()});
        }
        LOG.info(lastLine(results));
        return results;
    }

    /** {@code train_2d(trainer)} with the book's 20 steps. */
    public static List<double[]> train2d(Trainer trainer) {
        return train2d(trainer, 20);
    }

    /** The line {@code train_2d} prints: {@code epoch 20, x1: -0.057646, x2: -0.000073}. */
    public static String lastLine(List<double[]> results) {
        double[] last = results.get(results.size() - 1);
        // Python's {x:f}: six decimals; Locale.ROOT keeps the point a point
        return String.format(Locale.ROOT, "epoch %d, x1: %f, x2: %f", results.size() - 1, last[0], last[1]);
    }

    /**
     * {@code show_trace_2d(f, results)}: the contours of {@code f} over the book's grid (x1 in [-5.5, 1.0),
     * x2 in [-3.0, 1.0), step 0.1) with the trace drawn over them, as a PNG written atomically.
     *
     * <p>The book draws the trace ({@code '-o'}, colour {@code '#ff7f0e'}) and then {@code
     * plt.contour(x1, x2, f(x1, x2), colors='#1f77b4')} on {@code meshgrid(..., indexing='ij')},
     * labelled x1 and x2, at the book's figsize (3.5, 2.5). XChart has no contour plot: {@link
     * Contours#contour} finds matplotlib's default levels and draws their lines by marching
     * squares. An SVG is written beside the PNG.
     *
     * @return {@code png}
     * @throws IllegalArgumentException for no f, no trace, or a trace point that is not (x1, x2)
     */
    public static Path showTrace2d(DoubleBinaryOperator f, List<double[]> results, Path png) {
        if (f == null || results == null || results.isEmpty()) {
            throw new IllegalArgumentException("showTrace2d needs f and a non-empty trace, got " + results);
        }
        for (double[] p : results) {
            if (p == null || p.length != 2) {
                throw new IllegalArgumentException(
                        "showTrace2d: every trace point is {x1, x2}, got " + java.util.Arrays.toString(p));
            }
        }
        return Contours.contour(
                Contours.arange(-5.5, 1.0, 0.1),
                Contours.arange(-3.0, 1.0, 0.1),
                f,
                results,
                Axes.of().withLabels("x1", "x2"),
                png);
    }
}
