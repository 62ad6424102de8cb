package io.github.d2l4j.ch11;

import io.github.d2l4j.common.plot.Axes;
import io.github.d2l4j.common.plot.Contours;
import io.github.d2l4j.common.plot.Plot;
import io.github.d2l4j.common.section.BookSection;
import io.github.d2l4j.common.section.RunOptions;
import io.github.d2l4j.common.section.SectionResult;
import io.github.d2l4j.common.section.Summary;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Convexity: f is convex when every chord lies on or above its graph, \( \lambda f(x) + (1 -
 * \lambda) f(x') \ge f(\lambda x + (1 - \lambda) x') \). A convex function's local minima are
 * global minima.
 *
 * <p>The book's figures, in its order:
 *
 * <ol>
 *   <li>three functions on {@code arange(-2, 2, 0.01)}, each with its chord over the segment [-1.5,
 *       1]: the convex \( 0.5x^2 \) ({@code 11.2-f.png}), the nonconvex \( \cos(\pi x) \) ({@code
 *       11.2-g.png}), whose chord passes below the graph, and the convex \( e^{0.5x} \) ({@code
 *       11.2-h.png}). The book draws them as three panels of one 9 x 3 figure; here each is its
 *       own 3 x 3 file;
 *   <li>the convex \( (x - 1)^2 \) and its chord over the same segment: its one local minimum, at
 *       1, is the global one ({@code 11.2-local-minimum.png}).
 * </ol>
 *
 * <p>The book prints nothing here. The result says, for each function, whether its chord lies on
 * or above its graph over the segment (checked on the plotted grid): true for the three convex
 * functions, false for the cosine.
 *
 * <p>D2L 11.2, Convexity.
 */
@BookSection(id = "11.2", title = "Convexity", page = "https://zh.d2l.ai/chapter_optimization/convexity.html")
public final class Convexity {
    private static final Logger LOG = LoggerFactory.getLogger(Convexity.class);

    /** The book's {@code segment = torch.tensor([-1.5, 1])}. */
    static final double[] SEGMENT = {-1.5, 1};

    /** @param out the directory the plots are written into */
    public record Config(Path out) {
        public static Config from(RunOptions o) {
            return new Config(o.out());
        }
    }

    /**
     * @param chordAbove for 0.5x^2, cos(pi x), exp(0.5x) and (x-1)^2 in turn: whether the chord over
     *     [-1.5, 1] lies on or above the graph
     * @param plots the four figures
     */
    public record Result(List<Boolean> chordAbove, List<Path> plots) implements SectionResult {
        @Override
        public Summary summary() {
            Summary s = Summary.of()
                    .add("chord_above_f", chordAbove.get(0))
                    .add("chord_above_g", chordAbove.get(1))
                    .add("chord_above_h", chordAbove.get(2))
                    .add("chord_above_local_minimum", chordAbove.get(3));
            for (Path p : plots) {
                String name = p.getFileName().toString();
                s.add(name.substring("11.2-".length(), name.length() - ".png".length()), p);
            }
            return s;
        }
    }

    public static Result run(Config c) {
        DoubleUnaryOperator f = x -> 0.5 * x * x; // convex
        DoubleUnaryOperator g = x -> Math.cos(Math.PI * x); // nonconvex
        DoubleUnaryOperator h = x -> Math.exp(0.5 * x); // convex
        DoubleUnaryOperator local = x -> (x - 1) * (x - 1); // convex, its local minimum is global

        double[] x = Contours.arange(-2, 2, 0.01);
        List<Path> plots = new ArrayList<>();
        List<Boolean> chordAbove = new ArrayList<>();
        Axes panel = Axes.of().withFigsize(3, 3); // one panel of the book's 9 x 3 figure
        String[] names = {"f", "g", "h"};
        DoubleUnaryOperator[] funcs = {f, g, h};
        for (int i = 0; i < funcs.length; i++) {
            plots.add(plotWithChord(x, funcs[i], panel, c.out().resolve("11.2-" + names[i] + ".png")));
            chordAbove.add(chordAbove(x, funcs[i]));
        }
        plots.add(plotWithChord(
                x, local, Axes.of().withLabels("x", "f(x)"), c.out().resolve("11.2-local-minimum.png")));
        chordAbove.add(chordAbove(x, local));
        LOG.info("chord on or above the graph (0.5x^2, cos(pi x), exp(0.5x), (x-1)^2): {}", chordAbove);
        plots.forEach(p -> LOG.info("plot: {}", p.toAbsolutePath()));
        return new Result(chordAbove, plots);
    }

    /** The book's {@code d2l.plot([x, segment], [func(x), func(segment)])}. */
    static Path plotWithChord(double[] x, DoubleUnaryOperator func, Axes axes, Path png) {
        return Plot.plot(
                List.of(x, SEGMENT),
                List.of(
                        Arrays.stream(x).map(func).toArray(),
                        Arrays.stream(SEGMENT).map(func).toArray()),
                axes,
                png);
    }

    /** Whether the chord of func over {@link #SEGMENT} lies on or above func at every grid point inside it. */
    static boolean chordAbove(double[] x, DoubleUnaryOperator func) {
        double a = SEGMENT[0];
        double b = SEGMENT[1];
        double fa = func.applyAsDouble(a);
        double fb = func.applyAsDouble(b);
        for (double v : x) {
            if (v >= a && v <= b) {
                double chord = fa + (fb - fa) * (v - a) / (b - a);
                if (chord < func.applyAsDouble(v) - 1e-12) {
                    return false;
                }
            }
        }
        return true;
    }
}
