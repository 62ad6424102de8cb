package io.github.d2l4j.ch11;

import io.github.d2l4j.common.optim.Train2d;
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
import java.util.Locale;
import java.util.function.DoubleUnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gradient descent: a step against the gradient, \( x \leftarrow x - \eta f'(x) \), lowers f when
 * the learning rate η is small enough (a first-order Taylor expansion); Newton's method divides
 * the gradient by the curvature, \( x \leftarrow x - \eta f'(x) / f''(x) \).
 *
 * <p>The book's runs, in its order, each printing its last x as the book prints it:
 *
 * <ol>
 *   <li>{@code gd(eta, f_grad)} on \( x^2 \), 10 steps from x = 10: η = 0.2 ends near the optimum
 *       (0.060466), η = 0.05 is still far from it (3.486784), η = 1.1 overshoots and diverges
 *       (61.917364);
 *   <li>on the nonconvex \( x \cos(cx) \), c = 0.15π, a large η = 2 lands in a poor local minimum
 *       (-1.528166);
 *   <li>{@code newton(eta)} on the convex \( \cosh(cx) \), c = 0.5: 10 steps reach 0 exactly
 *       ({@code tensor(0.)});
 *   <li>on \( x \cos(cx) \) Newton's method goes badly wrong where the curvature is negative:
 *       η = 1 climbs to 26.8341; η = 0.5 ends at 7.2699;
 *   <li>{@code gd_2d} with η = 0.1 on \( x_1^2 + 2x_2^2 \) through {@code train_2d}: {@code epoch
 *       20, x1: -0.057646, x2: -0.000073}, plotted by {@code show_trace_2d}.
 * </ol>
 *
 * <p>The runs on \( x^2 \) and the 2-D run are in Python floats in the book, so double here. The
 * runs on \( x \cos(cx) \) and \( \cosh(cx) \) are not: the book's {@code c = torch.tensor(...)}
 * is a float32 tensor, so {@code c * x} makes x a float32 tensor after the first step and every
 * later operation is float32. They are float here, in the book's order of operations ({@code eta *
 * f_grad(x) / f_hess(x)}, {@code c * x * sin(c * x)}, {@code c**2} as {@code c * c}), which
 * reproduces the printed digits but one: the sine and cosine are Java's, correctly rounded to float,
 * and PyTorch's float32 cosine is one ulp above that at the second step of {@code gd(2)}, so this
 * prints -1.528165 where the book prints -1.528166 (within the inventory's 2e-6). Newton prints the tensor, {@code
 * tensor(26.8341)}: {@link #tensorString} writes a scalar as PyTorch does.
 *
 * <p>Each run's trace is a plot, the book's {@code show_trace}: f over [-n, n) with n the largest
 * |x| reached, and the steps marked ({@code 11.3-gd-0.2.png}, ...); the 2-D run is {@code
 * 11.3-gd-2d.png}, its contours drawn by {@link Contours} (XChart has no contour plot).
 *
 * <p>D2L 11.3, Gradient Descent.
 */
@BookSection(id = "11.3", title = "Gradient Descent", page = "https://zh.d2l.ai/chapter_optimization/gd.html")
public final class GradientDescent {
    private static final Logger LOG = LoggerFactory.getLogger(GradientDescent.class);

    /** {@code c = torch.tensor(0.15 * np.pi)}: float32. */
    static final float C = (float) (0.15 * Math.PI);

    /** The 2-D run's learning rate, the book's global {@code eta = 0.1}. */
    static final double ETA_2D = 0.1;

    /** @param out the directory the plots are written into */
    public record Config(Path out) {
        public static Config from(RunOptions o) {
            return new Config(o.out());
        }
    }

    /**
     * @param lines the lines printed, in the book's order
     * @param gd02 the last x of {@code gd(0.2)} on x^2
     * @param gd005 of {@code gd(0.05)}
     * @param gd11 of {@code gd(1.1)}
     * @param gdCos of {@code gd(2)} on x cos(cx), float32
     * @param newtonCosh the last x of {@code newton()} on cosh(0.5x), float32
     * @param newtonCos of {@code newton()} on x cos(cx), float32
     * @param newtonCosHalf of {@code newton(0.5)} on x cos(cx), float32
     * @param trace2d the 2-D run's 21 points {x1, x2}
     * @param plots the traces: gd 0.2, 0.05, 1.1, x cos(cx), Newton cosh, x cos(cx) 1 and 0.5, 2-D
     */
    public record Result(
            List<String> lines,
            double gd02,
            double gd005,
            double gd11,
            float gdCos,
            float newtonCosh,
            float newtonCos,
            float newtonCosHalf,
            List<double[]> trace2d,
            List<Path> plots)
            implements SectionResult {
        @Override
        public Summary summary() {
            Summary s = Summary.of()
                    .add("gd_0.2", fmt(gd02))
                    .add("gd_0.05", fmt(gd005))
                    .add("gd_1.1", fmt(gd11))
                    .add("gd_xcos", fmt(gdCos))
                    .add("newton_cosh", tensorString(newtonCosh))
                    .add("newton_xcos", tensorString(newtonCos))
                    .add("newton_xcos_0.5", tensorString(newtonCosHalf))
                    .add("gd_2d_x1", fmt(trace2d.get(trace2d.size() - 1)[0]))
                    .add("gd_2d_x2", fmt(trace2d.get(trace2d.size() - 1)[1]));
            for (Path p : plots) {
                String name = p.getFileName().toString();
                s.add(name.substring("11.3-".length(), name.length() - ".png".length()), p);
            }
            return s;
        }
    }

    /** A float32 function of a float32 tensor x, as the book's {@code f_grad} on a tensor. */
    @FunctionalInterface
    interface FloatFn {
        float apply(float x);
    }

    public static Result run(Config c) {
        List<String> lines = new ArrayList<>();
        List<Path> plots = new ArrayList<>();

        // f(x) = x^2, f'(x) = 2x, in Python floats
        DoubleUnaryOperator f = x -> x * x;
        DoubleUnaryOperator fGrad = x -> 2 * x;
        double[] r02 = gd(0.2, fGrad, lines);
        plots.add(showTrace(r02, f, c.out().resolve("11.3-gd-0.2.png")));
        double[] r005 = gd(0.05, fGrad, lines); // too small: still far from the optimum
        plots.add(showTrace(r005, f, c.out().resolve("11.3-gd-0.05.png")));
        double[] r11 = gd(1.1, fGrad, lines); // too large: x overshoots and diverges
        plots.add(showTrace(r11, f, c.out().resolve("11.3-gd-1.1.png")));

        // local minima of f(x) = x cos(cx), c a float32 tensor
        FloatFn xcos = GradientDescent::xcos;
        FloatFn xcosGrad = GradientDescent::xcosGrad;
        float[] rCos = gd32(2, xcosGrad, lines);
        plots.add(showTrace(toDouble(rCos), x -> xcos.apply((float) x), c.out().resolve("11.3-gd-xcos.png")));

        // Newton's method on cosh(cx), c = 0.5 (a float32 tensor)
        float half = 0.5f;
        FloatFn cosh = x -> (float) Math.cosh(half * x);
        FloatFn coshGrad = x -> half * (float) Math.sinh(half * x);
        FloatFn coshHess = x -> half * half * (float) Math.cosh(half * x);
        float[] rCosh = newton(1, coshGrad, coshHess, lines);
        plots.add(showTrace(toDouble(rCosh), x -> cosh.apply((float) x), c.out().resolve("11.3-newton-cosh.png")));

        // and on x cos(cx): f'' = -2c sin(cx) - x c^2 cos(cx), negative near x = 10
        FloatFn xcosHess = GradientDescent::xcosHess;
        float[] rNewton = newton(1, xcosGrad, xcosHess, lines);
        plots.add(
                showTrace(toDouble(rNewton), x -> xcos.apply((float) x), c.out().resolve("11.3-newton-xcos.png")));
        float[] rNewtonHalf = newton(0.5f, xcosGrad, xcosHess, lines);
        plots.add(showTrace(
                toDouble(rNewtonHalf), x -> xcos.apply((float) x), c.out().resolve("11.3-newton-xcos-0.5.png")));

        // multivariate: f(x) = x1^2 + 2 x2^2, gradient (2 x1, 4 x2), 20 steps of gd_2d from (-5, -2)
        List<double[]> trace2d = Train2d.train2d(GradientDescent::gd2d);
        lines.add(Train2d.lastLine(trace2d));
        plots.add(Train2d.showTrace2d(GradientDescent::f2d, trace2d, c.out().resolve("11.3-gd-2d.png")));
        plots.forEach(p -> LOG.info("plot: {}", p.toAbsolutePath()));

        return new Result(
                lines,
                last(r02),
                last(r005),
                last(r11),
                rCos[rCos.length - 1],
                rCosh[rCosh.length - 1],
                rNewton[rNewton.length - 1],
                rNewtonHalf[rNewtonHalf.length - 1],
                trace2d,
                plots);
    }

    /** The book's nonconvex {@code f(x) = x * torch.cos(c * x)}, in float32. */
    static float xcos(float x) {
        return x * (float) Math.cos(C * x);
    }

    /** Its {@code f_grad}: cos(cx) - c x sin(cx). */
    static float xcosGrad(float x) {
        return (float) Math.cos(C * x) - C * x * (float) Math.sin(C * x);
    }

    /** Its {@code f_hess}: -2c sin(cx) - x c^2 cos(cx), negative near x = 10. */
    static float xcosHess(float x) {
        return -2 * C * (float) Math.sin(C * x) - x * (C * C) * (float) Math.cos(C * x);
    }

    /**
     * The book's {@code gd(eta, f_grad)}: 10 steps {@code x -= eta * f_grad(x)} from x = 10 in
     * double; prints {@code epoch 10, x: %f}.
     *
     * @return the 11 values of x, the start first
     */
    static double[] gd(double eta, DoubleUnaryOperator fGrad, List<String> lines) {
        requirePositive(eta);
        double x = 10.0;
        double[] results = new double[11];
        results[0] = x;
        for (int i = 0; i < 10; i++) {
            x -= eta * fGrad.applyAsDouble(x);
            results[i + 1] = x;
        }
        print(lines, "epoch 10, x: " + fmt(x));
        return results;
    }

    /** {@link #gd} where {@code f_grad} returns a float32 tensor: x is float32 from the first step on. */
    static float[] gd32(float eta, FloatFn fGrad, List<String> lines) {
        requirePositive(eta);
        float x = 10.0f;
        float[] results = new float[11];
        results[0] = x;
        for (int i = 0; i < 10; i++) {
            x -= eta * fGrad.apply(x);
            results[i + 1] = x;
        }
        print(lines, "epoch 10, x: " + fmt(x)); // f'{x:f}' of a tensor formats its value
        return results;
    }

    /**
     * The book's {@code newton(eta=1)}: 10 steps {@code x -= eta * f_grad(x) / f_hess(x)} from x =
     * 10, in float32 as the book's tensors; prints {@code epoch 10, x: tensor(...)}.
     */
    static float[] newton(float eta, FloatFn fGrad, FloatFn fHess, List<String> lines) {
        requirePositive(eta);
        float x = 10.0f;
        float[] results = new float[11];
        results[0] = x;
        for (int i = 0; i < 10; i++) {
            x -= eta * fGrad.apply(x) / fHess.apply(x);
            results[i + 1] = x;
        }
        print(lines, "epoch 10, x: " + tensorString(x)); // print('epoch 10, x:', x) prints the tensor
        return results;
    }

    /** The book's {@code gd_2d(x1, x2, s1, s2, f_grad)} with {@code f_2d_grad} and the global eta. */
    static Train2d.State gd2d(Train2d.State s) {
        double g1 = 2 * s.x1();
        double g2 = 4 * s.x2();
        return new Train2d.State(s.x1() - ETA_2D * g1, s.x2() - ETA_2D * g2, 0, 0);
    }

    /** The book's {@code f_2d}: x1^2 + 2 x2^2. */
    static double f2d(double x1, double x2) {
        return x1 * x1 + 2 * x2 * x2;
    }

    /**
     * The book's {@code show_trace(results, f)}: f over {@code arange(-n, n, 0.01)}, n the largest
     * |x| of the trace, and the trace's points on f ({@code fmts=['-', '-o']}), labelled x and
     * f(x).
     */
    static Path showTrace(double[] results, DoubleUnaryOperator f, Path png) {
        double n = Arrays.stream(results).map(Math::abs).max().orElseThrow();
        double[] fLine = Contours.arange(-n, n, 0.01);
        return Plot.plot(
                List.of(fLine, results),
                List.of(
                        Arrays.stream(fLine).map(f).toArray(),
                        Arrays.stream(results).map(f).toArray()),
                Axes.of().withLabels("x", "f(x)"),
                List.of("-", "-o"),
                png);
    }

    /**
     * A scalar tensor as PyTorch prints it with its default 4 digits of precision: {@code
     * tensor(0.)} for a whole number, {@code tensor(26.8341)} otherwise (for the values here;
     * PyTorch switches to scientific notation for very large or small ones).
     */
    static String tensorString(float x) {
        if (x == Math.rint(x) && Math.abs(x) < 1e8) {
            return String.format(Locale.ROOT, "tensor(%.0f.)", x);
        }
        return String.format(Locale.ROOT, "tensor(%.4f)", x);
    }

    /** Python's {@code {x:f}}: six decimals. */
    static String fmt(double x) {
        return String.format(Locale.ROOT, "%f", x);
    }

    private static void print(List<String> lines, String line) {
        LOG.info(line);
        lines.add(line);
    }

    private static double last(double[] a) {
        return a[a.length - 1];
    }

    private static double[] toDouble(float[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i];
        }
        return d;
    }

    private static void requirePositive(double eta) {
        if (!(eta > 0) || !Double.isFinite(eta)) {
            throw new IllegalArgumentException("the learning rate eta must be positive and finite, got " + eta);
        }
    }
}
