package io.github.d2l4j.ch11;

import io.github.d2l4j.common.optim.Train2d;
import io.github.d2l4j.common.plot.Axes;
import io.github.d2l4j.common.plot.Plot;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleBinaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The figures that 11.6-11.8 draw alike: a 2-D trace over its contours, and geometric curves. */
final class Figures {
    private static final Logger LOG = LoggerFactory.getLogger(Figures.class);

    private Figures() {}

    /**
     * {@code d2l.show_trace_2d(f, d2l.train_2d(trainer))}: runs the trainer, plots the trace into {@code png},
     * adds the file to {@code plots}.
     *
     * @return the line {@code train_2d} printed
     */
    static String trace2d(Train2d.Trainer trainer, DoubleBinaryOperator f, Path png, List<Path> plots) {
        List<double[]> results = Train2d.train2d(trainer);
        plots.add(Train2d.showTrace2d(f, results, png));
        LOG.info("plot: {}", png.toAbsolutePath());
        return Train2d.lastLine(results);
    }

    /**
     * The geometric curves \( c \, b^t \) over time, one per base, as 11.6 and 11.8 plot them.
     *
     * @param bases b, one curve each
     * @param scales c, one per base
     * @param n t = 0..n-1
     * @param name the legend's name of the varied value, as {@code beta = 0.95}
     * @param values the legend's values, one per base
     */
    static Path powers(double[] bases, double[] scales, int n, String name, double[] values, Path png) {
        double[] x = new double[n];
        for (int t = 0; t < n; t++) {
            x[t] = t;
        }
        List<double[]> ys = new ArrayList<>();
        String[] legend = new String[bases.length];
        for (int i = 0; i < bases.length; i++) {
            double[] y = new double[n];
            for (int t = 0; t < n; t++) {
                y[t] = scales[i] * Math.pow(bases[i], t); // 0^0 = 1, as numpy's 0 ** 0
            }
            ys.add(y);
            legend[i] = String.format(Locale.ROOT, "%s = %.2f", name, values[i]);
        }
        Plot.plot(x, ys, Axes.of().withLabels("time", null).withLegend(legend), png);
        LOG.info("plot: {}", png.toAbsolutePath());
        return png;
    }
}
