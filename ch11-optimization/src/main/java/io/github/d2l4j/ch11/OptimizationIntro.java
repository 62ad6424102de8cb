package io.github.d2l4j.ch11;

import io.github.d2l4j.common.plot.Annotation;
import io.github.d2l4j.common.plot.Axes;
import io.github.d2l4j.common.plot.Contours;
import io.github.d2l4j.common.plot.Heatmaps;
import io.github.d2l4j.common.plot.Plot;
import io.github.d2l4j.common.section.BookSection;
import io.github.d2l4j.common.section.RunOptions;
import io.github.d2l4j.common.section.SectionResult;
import io.github.d2l4j.common.section.Summary;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleUnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Optimisation and deep learning: optimisation minimises the training error (the empirical risk),
 * while deep learning wants a low generalisation error (the risk); and minimising the training
 * error meets local minima, saddle points and vanishing gradients.
 *
 * <p>The book's figures, in its order, each a file, with the book's {@code annotate} ({@link
 * Annotation}):
 *
 * <ol>
 *   <li>the risk \( f(x) = x \cos(\pi x) \) and the empirical risk \( g(x) = f(x) + 0.2 \cos(5\pi
 *       x) \) on [0.5, 1.5): their minima differ ({@code 11.1-risk.png});
 *   <li>a local and the global minimum of f on [-1, 2) ({@code 11.1-minima.png});
 *   <li>the saddle point of \( x^3 \) at 0 ({@code 11.1-saddle.png});
 *   <li>the saddle of \( x^2 - y^2 \) at (0, 0) over {@code linspace(-1, 1, 101)}, which the book
 *       draws as a 3-D wireframe. No 3-D plotting library is used here (XChart draws none): the
 *       surface is drawn as its contour lines with the saddle point marked ({@code
 *       11.1-saddle-3d-contour.png}; the level sets are the hyperbolas crossing at the saddle) and
 *       as a heatmap of z ({@code 11.1-saddle-3d-heatmap.png}, x down and y across, indexed 0 to
 *       100 for -1 to 1), high along x, low along y;
 *   <li>tanh, whose gradient vanishes away from 0 ({@code 11.1-vanishing.png}).
 * </ol>
 *
 * <p>The book prints nothing here. The result carries what the figures show, computed on the
 * plotted grids: where each risk is lowest, the local and global minima of f, and tanh's gradient
 * at 4 (about 0.0013).
 *
 * <p>The book calls {@code d2l.set_figsize((4.5, 2.5))} before the first plot, but {@code
 * d2l.plot} sets its own default figsize (3.5, 2.5) again, so every figure is 3.5 x 2.5, as here.
 * matplotlib's two-line {@code 'min of\nempirical risk'} is two lines here too.
 *
 * <p>D2L 11.1, Optimization and Deep Learning.
 */
@BookSection(
        id = "11.1",
        title = "Optimization and Deep Learning",
        page = "https://zh.d2l.ai/chapter_optimization/optimization-intro.html")
public final class OptimizationIntro {
    private static final Logger LOG = LoggerFactory.getLogger(OptimizationIntro.class);

    /** @param out the directory the plots are written into */
    public record Config(Path out) {
        public static Config from(RunOptions o) {
            return new Config(o.out());
        }
    }

    /**
     * @param riskArgmin where f is lowest on [0.5, 1.5) (grid 0.01)
     * @param empiricalRiskArgmin where g is lowest there
     * @param localMinimum the local minimum of f on [-1, 0.5), near the book's arrow at -0.3
     * @param globalMinimum the minimum of f on [-1, 2), near the book's arrow at 1.1
     * @param tanhGradientAt4 1 - tanh(4)^2
     * @param plots risk, minima, saddle, the 3-D saddle's contours and heatmap, vanishing gradient
     */
    public record Result(
            double riskArgmin,
            double empiricalRiskArgmin,
            double localMinimum,
            double globalMinimum,
            double tanhGradientAt4,
            List<Path> plots)
            implements SectionResult {
        @Override
        public Summary summary() {
            Summary s = Summary.of()
                    .add("argmin_risk", riskArgmin)
                    .add("argmin_empirical_risk", empiricalRiskArgmin)
                    .add("local_min", localMinimum)
                    .add("global_min", globalMinimum)
                    .add("tanh_grad_at_4", tanhGradientAt4);
            for (Path p : plots) {
                String name = p.getFileName().toString();
                s.add(name.substring("11.1-".length(), name.length() - ".png".length()), p);
            }
            return s;
        }
    }

    /** The risk, {@code f(x) = x cos(pi x)}. */
    static double f(double x) {
        return x * Math.cos(Math.PI * x);
    }

    /** The empirical risk, {@code g(x) = f(x) + 0.2 cos(5 pi x)}: f with a ripple. */
    static double g(double x) {
        return f(x) + 0.2 * Math.cos(5 * Math.PI * x);
    }

    public static Result run(Config c) {
        List<Path> plots = new ArrayList<>();
        Axes axes = Axes.of().withLabels("x", "f(x)");

        // risk against empirical risk
        double[] x = Contours.arange(0.5, 1.5, 0.01);
        plots.add(Plot.plot(
                x,
                List.of(map(x, OptimizationIntro::f), map(x, OptimizationIntro::g)),
                Axes.of().withLabels("x", "risk"),
                Plot.DEFAULT_FMTS,
                List.of(
                        new Annotation("min of\nempirical risk", new double[] {1.0, -1.2}, new double[] {0.5, -1.1}),
                        new Annotation("min of risk", new double[] {1.1, -1.05}, new double[] {0.95, -0.5})),
                c.out().resolve("11.1-risk.png")));
        double riskArgmin = argmin(x, OptimizationIntro::f);
        double empiricalRiskArgmin = argmin(x, OptimizationIntro::g);
        LOG.info(String.format(
                Locale.ROOT, "argmin risk: %.2f, argmin empirical risk: %.2f", riskArgmin, empiricalRiskArgmin));

        // local minima
        x = Contours.arange(-1.0, 2.0, 0.01);
        plots.add(Plot.plot(
                x,
                List.of(map(x, OptimizationIntro::f)),
                axes,
                Plot.DEFAULT_FMTS,
                List.of(
                        new Annotation("local minimum", new double[] {-0.3, -0.25}, new double[] {-0.77, -1.0}),
                        new Annotation("global minimum", new double[] {1.1, -0.95}, new double[] {0.6, 0.8})),
                c.out().resolve("11.1-minima.png")));
        double localMinimum = argmin(Contours.arange(-1.0, 0.5, 0.01), OptimizationIntro::f);
        double globalMinimum = argmin(x, OptimizationIntro::f);
        LOG.info(String.format(Locale.ROOT, "local minimum: %.2f, global minimum: %.2f", localMinimum, globalMinimum));

        // saddle points: x^3 in 1-D ...
        x = Contours.arange(-2.0, 2.0, 0.01);
        plots.add(Plot.plot(
                x,
                List.of(map(x, v -> v * v * v)),
                axes,
                Plot.DEFAULT_FMTS,
                List.of(new Annotation("saddle point", new double[] {0, -0.2}, new double[] {-0.52, -5.0})),
                c.out().resolve("11.1-saddle.png")));

        // ... and x^2 - y^2 in 2-D, as contours and as a heatmap instead of the book's wireframe
        double[] grid = linspace(-1, 1, 101);
        plots.add(Contours.contour(
                grid,
                grid,
                (a, b) -> a * a - b * b,
                List.of(new double[] {0, 0}), // the saddle point, the book's red x
                Axes.of().withLabels("x", "y"),
                c.out().resolve("11.1-saddle-3d-contour.png")));
        double[][] z = Contours.grid(grid, grid, (a, b) -> a * a - b * b);
        plots.add(Heatmaps.showHeatmaps(
                new double[][][][] {{z}},
                "y",
                "x",
                null,
                Heatmaps.DEFAULT_FIGSIZE,
                Heatmaps.DEFAULT_CMAP,
                c.out().resolve("11.1-saddle-3d-heatmap.png")));

        // vanishing gradients
        x = Contours.arange(-2.0, 5.0, 0.01);
        plots.add(Plot.plot(
                x,
                List.of(map(x, Math::tanh)),
                axes,
                Plot.DEFAULT_FMTS,
                List.of(new Annotation("vanishing gradient", new double[] {4, 1}, new double[] {2, 0.0})),
                c.out().resolve("11.1-vanishing.png")));
        double tanhGradientAt4 = 1 - Math.tanh(4) * Math.tanh(4);
        LOG.info(String.format(Locale.ROOT, "tanh'(4) = %.4f", tanhGradientAt4));
        plots.forEach(p -> LOG.info("plot: {}", p.toAbsolutePath()));

        return new Result(riskArgmin, empiricalRiskArgmin, localMinimum, globalMinimum, tanhGradientAt4, plots);
    }

    /** {@code torch.linspace(start, end, n)}: n points, both ends included. */
    static double[] linspace(double start, double end, int n) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = start + (end - start) * i / (n - 1);
        }
        return a;
    }

    /** The x of the grid where f is lowest. */
    static double argmin(double[] x, DoubleUnaryOperator f) {
        int best = 0;
        for (int i = 1; i < x.length; i++) {
            if (f.applyAsDouble(x[i]) < f.applyAsDouble(x[best])) {
                best = i;
            }
        }
        return x[best];
    }

    private static double[] map(double[] x, DoubleUnaryOperator f) {
        return Arrays.stream(x).map(f).toArray();
    }
}
