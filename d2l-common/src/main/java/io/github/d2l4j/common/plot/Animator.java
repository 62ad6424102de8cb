package io.github.d2l4j.common.plot;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plots data incrementally, like the book's {@code d2l.Animator}: each {@link #add} redraws
 * every curve and rewrites the PNG and SVG, so the file always shows the run so far. Where the
 * book redraws a notebook cell, this logs one line per point and prints the path once. With no
 * file ({@code png} null) it only logs the lines.
 *
 * <p>The y-range given in the axes is the book's: it is used as long as the data fit inside it,
 * and widened to the data otherwise, so that no point of a curve falls off the plot (a loss above
 * the book's 0.9 early in training, say).
 *
 * <p>Defined in D2L §3.6.
 */
public final class Animator {
    private static final Logger LOG = LoggerFactory.getLogger(Animator.class);

    private final Axes axes;
    private final List<String> fmts;
    private final Path png;
    private final List<List<Double>> xs = new ArrayList<>();
    private final List<List<Double>> ys = new ArrayList<>();

    public Animator(Axes axes, List<String> fmts, Path png) {
        this.axes = axes;
        this.fmts = List.copyOf(fmts);
        this.png = png;
        if (png != null) {
            LOG.info("plot: {}", png.toAbsolutePath());
        }
    }

    /** An animator with the book's default line formats. */
    public Animator(Axes axes, Path png) {
        this(axes, Plot.DEFAULT_FMTS, png);
    }

    /** Adds one point to each curve (a null y skips that curve), then rewrites the files. */
    public void add(double x, Double... y) {
        while (xs.size() < y.length) {
            xs.add(new ArrayList<>());
            ys.add(new ArrayList<>());
        }
        for (int i = 0; i < y.length; i++) {
            if (y[i] != null) {
                xs.get(i).add(x);
                ys.get(i).add(y[i]);
            }
        }
        LOG.info("{}", line(x, y));
        if (png != null) {
            redraw();
        }
    }

    private String line(double x, Double[] y) {
        StringBuilder sb = new StringBuilder(axes.xlabel() == null ? "x" : axes.xlabel());
        sb.append(' ').append(x == Math.rint(x) ? String.valueOf((long) x) : shortDecimal(x));
        for (int i = 0; i < y.length; i++) {
            if (y[i] != null) {
                sb.append(", ").append(Plot.seriesName(axes, i)).append(' ').append(String.format("%.3f", y[i]));
            }
        }
        return sb.toString();
    }

    /** At most four decimals, trailing zeros dropped: 0.2, 0.1333 (11.5's n / batch / len(data_iter)). */
    static String shortDecimal(double x) {
        return new java.math.BigDecimal(String.format(java.util.Locale.ROOT, "%.4f", x))
                .stripTrailingZeros()
                .toPlainString();
    }

    private void redraw() {
        XYChart chart = Plot.newChart(axes);
        for (int i = 0; i < xs.size(); i++) {
            if (!xs.get(i).isEmpty()) {
                Plot.addLine(
                        chart,
                        Plot.seriesName(axes, i),
                        toArray(xs.get(i)),
                        toArray(ys.get(i)),
                        fmts.get(i % fmts.size()),
                        i);
            }
        }
        Plot.setAxes(chart, drawnAxes());
        Plot.save(chart, png);
    }

    /** The axes as drawn: the book's y-range, widened to every finite point outside it. */
    Axes drawnAxes() {
        if (axes.ylim() == null) {
            return axes;
        }
        double min = axes.ylim()[0];
        double max = axes.ylim()[1];
        for (List<Double> curve : ys) {
            for (double y : curve) {
                if (Double.isFinite(y)) {
                    min = Math.min(min, y);
                    max = Math.max(max, y);
                }
            }
        }
        return axes.withYlim(min, max);
    }

    private static double[] toArray(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }

    public Path path() {
        return png;
    }
}
