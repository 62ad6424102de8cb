package io.github.d2l4j.ch03;

import io.github.d2l4j.common.metrics.Timer;
import io.github.d2l4j.common.plot.Axes;
import io.github.d2l4j.common.plot.Plot;
import io.github.d2l4j.common.section.BookSection;
import io.github.d2l4j.common.section.RunOptions;
import io.github.d2l4j.common.section.SectionResult;
import io.github.d2l4j.common.section.Summary;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Why we vectorise, and why the squared loss: adding two 10,000-element vectors one element at a
 * time costs orders of magnitude more than one vector add, and the squared loss is the negative
 * log-likelihood of Gaussian noise \( p(x) = \frac{1}{\sqrt{2\pi\sigma^2}}
 * \exp\left(-\frac{(x-\mu)^2}{2\sigma^2}\right) \).
 *
 * <p>D2L 3.1, Linear Regression.
 */
@BookSection(
        id = "3.1",
        title = "Linear Regression",
        page = "https://zh.d2l.ai/chapter_linear-networks/linear-regression.html")
public final class LinearRegression {
    private static final Logger LOG = LoggerFactory.getLogger(LinearRegression.class);

    /**
     * @param n vector length: the book's 10,000, large enough that the loop's cost shows
     * @param out where the plot goes
     */
    public record Config(int n, Path out) {
        public Config {
            if (n <= 0) {
                throw new IllegalArgumentException("n must be positive, got " + n);
            }
        }

        public static Config from(RunOptions o) {
            return new Config(10_000, o.out());
        }
    }

    /** The timings and the plot. */
    public record Result(double loopSeconds, double vectorSeconds, double maxDifference, Path plot)
            implements SectionResult {
        @Override
        public Summary summary() {
            return Summary.of()
                    .add("loop_sec", loopSeconds)
                    .add("vector_sec", vectorSeconds)
                    .add("plot", plot);
        }
    }

    public static Result run(Config config) {
        INDArray a = Nd4j.ones(DataType.FLOAT, config.n());
        INDArray b = Nd4j.ones(DataType.FLOAT, config.n());

        // 3.1.2: one element at a time, as a Python for-loop would ...
        INDArray c = Nd4j.zeros(DataType.FLOAT, config.n());
        Timer timer = new Timer();
        for (int i = 0; i < config.n(); i++) {
            c.putScalar(i, a.getFloat(i) + b.getFloat(i));
        }
        double loop = timer.stop();
        LOG.info(String.format("%.5f sec (for-loop)", loop));

        // ... against one vectorised add.
        timer.start();
        INDArray d = a.add(b);
        double vector = timer.stop();
        LOG.info(String.format("%.5f sec (vectorised)", vector));
        double maxDiff = c.sub(d).amaxNumber().doubleValue();

        // 3.1.3: the normal distribution for three (mu, sigma) pairs.
        double[] x = arange(-7, 7, 0.01);
        double[][] params = {{0, 1}, {0, 2}, {3, 1}};
        List<double[]> ys = new ArrayList<>();
        List<String> legend = new ArrayList<>();
        for (double[] p : params) {
            ys.add(normal(x, p[0], p[1]));
            legend.add(String.format("mean %s, std %s", fmt(p[0]), fmt(p[1])));
        }
        Path plot = Plot.plot(
                x,
                ys,
                Axes.of()
                        .withLabels("x", "p(x)")
                        .withLegend(legend.toArray(String[]::new))
                        .withFigsize(4.5, 2.5),
                config.out().resolve("3.1-normal.png"));
        LOG.info("plot: {}", plot.toAbsolutePath());
        return new Result(loop, vector, maxDiff, plot);
    }

    /** The Gaussian density at each x. */
    public static double[] normal(double[] x, double mu, double sigma) {
        double[] p = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            p[i] = 1
                    / Math.sqrt(2 * Math.PI * sigma * sigma)
                    * Math.exp(-0.5 / (sigma * sigma) * (x[i] - mu) * (x[i] - mu));
        }
        return p;
    }

    static double[] arange(double start, double stop, double step) {
        int n = (int) Math.ceil((stop - start) / step);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = start + i * step;
        }
        return x;
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }
}
