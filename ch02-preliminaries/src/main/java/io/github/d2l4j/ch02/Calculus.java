package io.github.d2l4j.ch02;

import io.github.d2l4j.common.plot.Axes;
import io.github.d2l4j.common.plot.Plot;
import io.github.d2l4j.common.section.BookSection;
import io.github.d2l4j.common.section.RunOptions;
import io.github.d2l4j.common.section.SectionResult;
import io.github.d2l4j.common.section.Summary;
import java.nio.file.Path;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The derivative as a limit: \( f'(x) = \lim_{h \to 0} \frac{f(x + h) - f(x)}{h} \), watched
 * numerically for \( f(x) = 3x^2 - 4x \) at x = 1, where it approaches 2; then f and its tangent
 * line \( y = 2x - 3 \) drawn with the book's {@code plot}.
 *
 * <p>D2L 2.4, Calculus.
 */
@BookSection(id = "2.4", title = "Calculus", page = "https://zh.d2l.ai/chapter_preliminaries/calculus.html")
public final class Calculus {
    private static final Logger LOG = LoggerFactory.getLogger(Calculus.class);

    public record Config(Path out) {
        public static Config from(RunOptions o) {
            return new Config(o.out());
        }
    }

    /** @param limits the difference quotients for h = 0.1, 0.01, ..., 1e-5 */
    public record Result(double[] limits, Path plot) implements SectionResult {
        @Override
        public Summary summary() {
            return Summary.of().add("limit", limits[limits.length - 1]).add("plot", plot);
        }
    }

    /** \( f(x) = 3x^2 - 4x \). */
    public static double f(double x) {
        return 3 * x * x - 4 * x;
    }

    /** The difference quotient \( (f(x + h) - f(x)) / h \). */
    public static double numericalLim(DoubleUnaryOperator f, double x, double h) {
        return (f.applyAsDouble(x + h) - f.applyAsDouble(x)) / h;
    }

    public static Result run(Config c) {
        double h = 0.1;
        double[] limits = new double[5];
        for (int i = 0; i < 5; i++) {
            limits[i] = numericalLim(Calculus::f, 1, h);
            LOG.info(String.format("h=%.5f, numerical limit=%.5f", h, limits[i]));
            h *= 0.1;
        }
        double[] x = new double[30]; // arange(0, 3, 0.1)
        double[] fx = new double[x.length];
        double[] tangent = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = i * 0.1;
            fx[i] = f(x[i]);
            tangent[i] = 2 * x[i] - 3;
        }
        Path plot = Plot.plot(
                x,
                List.of(fx, tangent),
                Axes.of().withLabels("x", "f(x)").withLegend("f(x)", "Tangent line (x=1)"),
                c.out().resolve("2.4-tangent.png"));
        LOG.info("plot: {}", plot.toAbsolutePath());
        return new Result(limits, plot);
    }
}
