package io.github.d2l4j.ch11;

import io.github.d2l4j.common.optim.Train2d;
import io.github.d2l4j.common.section.BookSection;
import io.github.d2l4j.common.section.RunOptions;
import io.github.d2l4j.common.section.SectionResult;
import io.github.d2l4j.common.section.Summary;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stochastic gradient descent: the gradient of one example's loss is an unbiased but noisy
 * estimate of the full gradient. The book simulates it on \( f(x) = x_1^2 + 2x_2^2 \) by adding
 * N(0, 1) noise to each component of the gradient (2x1, 4x2), with the step η·lr(), η = 0.1:
 *
 * <ol>
 *   <li>a constant learning rate, 50 steps: the trajectory is noisy and, even after 50 steps,
 *       still far from the optimum ({@code 11.4-constant.png});
 *   <li>an exponential decay, {@code exp(-0.1 t)}, 1000 steps: the rate falls so fast that the
 *       steps sum to less than 1 and x stops well short of (0, 0) ({@code 11.4-exponential.png});
 *   <li>a polynomial decay, \( (1 + 0.1t)^{-1/2} \), 50 steps: better convergence
 *       ({@code 11.4-polynomial.png}).
 * </ol>
 *
 * <p>The book's schedules keep t in a global that the schedule increments <em>before</em> it
 * computes the rate, and t starts at 1: the first rates are e^-0.2 and 1.2^-0.5, not e^-0.1 and
 * 1.1^-0.5. That is reproduced (each schedule here owns its t).
 *
 * <p>The book draws the noise ({@code torch.normal(0.0, 1, (1,))}) without a seed, so its final
 * points differ from run to run; here it comes from a {@link Random} seeded with the config's seed,
 * so that a run repeats. Only the trajectories' character is the book's, not their values.
 *
 * <p>The section ends on sampling with replacement: with n examples, example i is picked at least
 * once in n draws with probability \( 1 - (1 - 1/n)^n \approx 1 - e^{-1} \approx 0.63 \) and exactly
 * once with probability \( \binom{n}{1} \frac{1}{n} (1 - \frac{1}{n})^{n-1} \approx e^{-1} \approx
 * 0.37 \). The book names no n; they are computed here for n = 10, 100, 1000 and 10000.
 *
 * <p>D2L 11.4, Stochastic Gradient Descent.
 */
@BookSection(
        id = "11.4",
        title = "Stochastic Gradient Descent",
        page = "https://zh.d2l.ai/chapter_optimization/sgd.html")
public final class StochasticGradientDescent {
    private static final Logger LOG = LoggerFactory.getLogger(StochasticGradientDescent.class);

    /** The book's global {@code eta = 0.1}. */
    static final double ETA = 0.1;

    /** The n for which the sampling probabilities are computed. */
    static final int[] SAMPLE_SIZES = {10, 100, 1000, 10000};

    /**
     * @param seed seeds the gradient noise (the book's is unseeded)
     * @param out the directory the plots are written into
     */
    public record Config(long seed, Path out) {
        public static Config from(RunOptions o) {
            return new Config(o.seed(42), o.out());
        }
    }

    /**
     * @param constant the constant-rate trace, 51 points {x1, x2}
     * @param exponential the exponential decay's trace, 1001 points
     * @param polynomial the polynomial decay's trace, 51 points
     * @param lines the three lines {@code train_2d} prints
     * @param atLeastOnce for each of {@link #SAMPLE_SIZES}, 1 - (1 - 1/n)^n
     * @param exactlyOnce for each, n (1/n) (1 - 1/n)^(n-1)
     * @param plots the three traces over the contours
     */
    public record Result(
            List<double[]> constant,
            List<double[]> exponential,
            List<double[]> polynomial,
            List<String> lines,
            double[] atLeastOnce,
            double[] exactlyOnce,
            List<Path> plots)
            implements SectionResult {
        @Override
        public Summary summary() {
            Summary s = Summary.of()
                    .add("constant_x1", last(constant)[0])
                    .add("constant_x2", last(constant)[1])
                    .add("exponential_x1", last(exponential)[0])
                    .add("exponential_x2", last(exponential)[1])
                    .add("polynomial_x1", last(polynomial)[0])
                    .add("polynomial_x2", last(polynomial)[1])
                    .add("p_at_least_once", String.format(Locale.ROOT, "%.2f", atLeastOnce[atLeastOnce.length - 1]))
                    .add("p_exactly_once", String.format(Locale.ROOT, "%.2f", exactlyOnce[exactlyOnce.length - 1]));
            for (Path p : plots) {
                String name = p.getFileName().toString();
                s.add(name.substring("11.4-".length(), name.length() - ".png".length()), p);
            }
            return s;
        }
    }

    public static Result run(Config c) {
        Random noise = new Random(c.seed());
        List<String> lines = new ArrayList<>();
        List<Path> plots = new ArrayList<>();

        // lr = constant_lr: 50 steps at eta
        List<double[]> constant = Train2d.train2d(sgd(constantLr(), noise), 50);
        lines.add(Train2d.lastLine(constant));
        plots.add(Train2d.showTrace2d(
                StochasticGradientDescent::f, constant, c.out().resolve("11.4-constant.png")));

        // lr = exponential_lr: 1000 steps, t = 1 again first
        List<double[]> exponential = Train2d.train2d(sgd(exponentialLr(), noise), 1000);
        lines.add(Train2d.lastLine(exponential));
        plots.add(Train2d.showTrace2d(
                StochasticGradientDescent::f, exponential, c.out().resolve("11.4-exponential.png")));

        // lr = polynomial_lr: 50 steps, t = 1 again first
        List<double[]> polynomial = Train2d.train2d(sgd(polynomialLr(), noise), 50);
        lines.add(Train2d.lastLine(polynomial));
        plots.add(Train2d.showTrace2d(
                StochasticGradientDescent::f, polynomial, c.out().resolve("11.4-polynomial.png")));

        // sampling with replacement
        double[] atLeastOnce = new double[SAMPLE_SIZES.length];
        double[] exactlyOnce = new double[SAMPLE_SIZES.length];
        for (int k = 0; k < SAMPLE_SIZES.length; k++) {
            atLeastOnce[k] = atLeastOnce(SAMPLE_SIZES[k]);
            exactlyOnce[k] = exactlyOnce(SAMPLE_SIZES[k]);
            LOG.info(String.format(
                    Locale.ROOT,
                    "n = %d: P(at least once) = %.4f, P(exactly once) = %.4f",
                    SAMPLE_SIZES[k],
                    atLeastOnce[k],
                    exactlyOnce[k]));
        }
        LOG.info(String.format(Locale.ROOT, "limits: 1 - 1/e = %.4f, 1/e = %.4f", 1 - Math.exp(-1), Math.exp(-1)));
        plots.forEach(p -> LOG.info("plot: {}", p.toAbsolutePath()));
        return new Result(constant, exponential, polynomial, lines, atLeastOnce, exactlyOnce, plots);
    }

    /** The book's objective {@code f(x1, x2) = x1^2 + 2 x2^2}. */
    static double f(double x1, double x2) {
        return x1 * x1 + 2 * x2 * x2;
    }

    /**
     * The book's {@code sgd(x1, x2, s1, s2, f_grad)}: the gradient (2 x1, 4 x2) plus N(0, 1) noise
     * in each component (x1's drawn first), then a step of {@code eta * lr()}.
     */
    static Train2d.Trainer sgd(DoubleSupplier lr, Random noise) {
        return s -> {
            double g1 = 2 * s.x1();
            double g2 = 4 * s.x2();
            // simulate a noisy gradient
            g1 += noise.nextGaussian();
            g2 += noise.nextGaussian();
            double etaT = ETA * lr.getAsDouble();
            return new Train2d.State(s.x1() - etaT * g1, s.x2() - etaT * g2, 0, 0);
        };
    }

    /** The book's {@code constant_lr}: 1. */
    static DoubleSupplier constantLr() {
        return () -> 1;
    }

    /** The book's {@code exponential_lr}: {@code t += 1}, then exp(-0.1 t), with t starting at 1. */
    static DoubleSupplier exponentialLr() {
        int[] t = {1}; // the book's global t, set to 1 before the run
        return () -> {
            t[0] += 1;
            return Math.exp(-0.1 * t[0]);
        };
    }

    /** The book's {@code polynomial_lr}: {@code t += 1}, then (1 + 0.1 t)^-0.5, with t starting at 1. */
    static DoubleSupplier polynomialLr() {
        int[] t = {1};
        return () -> {
            t[0] += 1;
            return Math.pow(1 + 0.1 * t[0], -0.5);
        };
    }

    /** The chance that one of n examples is drawn at least once in n draws with replacement. */
    static double atLeastOnce(int n) {
        requireN(n);
        return 1 - Math.pow(1 - 1.0 / n, n);
    }

    /** The chance that one of n examples is drawn exactly once in n draws with replacement. */
    static double exactlyOnce(int n) {
        requireN(n);
        return n * (1.0 / n) * Math.pow(1 - 1.0 / n, n - 1);
    }

    private static void requireN(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("sampling needs n >= 1 examples, got n=" + n);
        }
    }

    private static double[] last(List<double[]> trace) {
        return trace.get(trace.size() - 1);
    }
}
