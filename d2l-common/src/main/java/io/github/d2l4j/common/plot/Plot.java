package io.github.d2l4j.common.plot;

import io.github.d2l4j.common.io.AtomicFile;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The book's matplotlib helpers ({@code plot}, {@code set_axes}), drawn with XChart and written
 * as PNG and SVG files instead of shown in a notebook.
 */
public final class Plot {
    private static final Logger LOG = LoggerFactory.getLogger(Plot.class);

    /** The book's default line formats: solid, magenta dashed, green dash-dot, red dotted. */
    public static final List<String> DEFAULT_FMTS = List.of("-", "m--", "g-.", "r:");

    // matplotlib's ten colours, so an unqualified '-' looks as it does in the book, and up to ten
    // curves (2.6's six dice and more) each have a colour of their own.
    private static final Color[] CYCLE = {
        new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728), new Color(0x9467bd),
        new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f), new Color(0xbcbd22), new Color(0x17becf)
    };

    /** The name of {@link #tickOnRoundNumbers}' point. */
    private static final String HIDDEN = " ";

    private Plot() {}

    /**
     * Plots each row of {@code ys} against {@code x} and writes {@code png} (and an SVG beside
     * it). Returns the PNG's path.
     *
     * <p>Defined in D2L §2.4.
     */
    public static Path plot(double[] x, List<double[]> ys, Axes axes, List<String> fmts, Path png) {
        XYChart chart = newChart(axes);
        for (int i = 0; i < ys.size(); i++) {
            addLine(chart, seriesName(axes, i), x, ys.get(i), fmts.get(i % fmts.size()), i);
        }
        setAxes(chart, axes);
        return save(chart, png);
    }

    /**
     * {@link #plot(double[], List, Axes, List, Path)} with the book's {@code annotate(text, xy,
     * xytext)} calls after it: each {@link Annotation}'s text with an arrow to its point. Writes
     * {@code png} and an SVG; returns the PNG's path.
     *
     * <p>Defined in D2L §11.1.
     */
    public static Path plot(
            double[] x, List<double[]> ys, Axes axes, List<String> fmts, List<Annotation> annotations, Path png) {
        XYChart chart = newChart(axes);
        for (int i = 0; i < ys.size(); i++) {
            addLine(chart, seriesName(axes, i), x, ys.get(i), fmts.get(i % fmts.size()), i);
        }
        setAxes(chart, axes);
        annotations.forEach(chart::addAnnotation);
        return save(chart, png);
    }

    /** {@link #plot(double[], List, Axes, List, Path)} with the book's default formats. */
    public static Path plot(double[] x, List<double[]> ys, Axes axes, Path png) {
        return plot(x, ys, axes, DEFAULT_FMTS, png);
    }

    /**
     * Plots each of {@code ys} against its own x in {@code xs}, for curves of different lengths
     * (the book's {@code plot(X, Y)} with a list of X, such as 8.3's unigram, bigram and trigram
     * frequencies); the book's default formats. Writes {@code png} and an SVG; returns the PNG's
     * path.
     *
     * <p>Defined in D2L §2.4.
     *
     * @throws IllegalArgumentException when the lists differ in size or a curve's x and y in length
     */
    public static Path plot(List<double[]> xs, List<double[]> ys, Axes axes, Path png) {
        return plot(xs, ys, axes, DEFAULT_FMTS, png);
    }

    /**
     * {@link #plot(List, List, Axes, Path)} with the formats {@code fmts}, one per curve in turn; a
     * format with an {@code o} ({@code '-o'}) marks each point with a dot, as 11.3's {@code
     * show_trace} marks the steps of gradient descent.
     *
     * <p>Defined in D2L §2.4.
     *
     * @throws IllegalArgumentException when the lists differ in size or a curve's x and y in length
     */
    public static Path plot(List<double[]> xs, List<double[]> ys, Axes axes, List<String> fmts, Path png) {
        if (xs.size() != ys.size()) {
            throw new IllegalArgumentException(xs.size() + " x arrays for " + ys.size() + " curves");
        }
        XYChart chart = newChart(axes);
        for (int i = 0; i < ys.size(); i++) {
            if (xs.get(i).length != ys.get(i).length) {
                throw new IllegalArgumentException(String.format(
                        "curve %d has %d x values and %d y values", i, xs.get(i).length, ys.get(i).length));
            }
            addLine(chart, seriesName(axes, i), xs.get(i), ys.get(i), fmts.get(i % fmts.size()), i);
        }
        setAxes(chart, axes);
        return save(chart, png);
    }

    /**
     * {@link #plot(double[], List, Axes, Path)}, then the points ({@code px}, {@code py}) drawn
     * over the curves as half-transparent circles: the book's {@code d2l.plot(...)} followed by
     * {@code d2l.plt.plot(px, py, 'o', alpha=0.5)}, as 10.2's {@code plot_kernel_reg} draws the
     * training data over the fits. Writes {@code png} and an SVG; returns the PNG's path.
     *
     * <p>Defined in D2L §2.4 (the points: §10.2).
     *
     * @throws IllegalArgumentException when {@code px} and {@code py} differ in length
     */
    public static Path plotWithPoints(double[] x, List<double[]> ys, double[] px, double[] py, Axes axes, Path png) {
        if (px.length != py.length) {
            throw new IllegalArgumentException(px.length + " x values for " + py.length + " points");
        }
        XYChart chart = newChart(axes);
        for (int i = 0; i < ys.size(); i++) {
            addLine(chart, seriesName(axes, i), x, ys.get(i), DEFAULT_FMTS.get(i % DEFAULT_FMTS.size()), i);
        }
        XYSeries points = chart.addSeries(" points", px, py); // not in the legend, as in the book
        points.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        points.setMarker(SeriesMarkers.CIRCLE);
        Color c = CYCLE[ys.size() % CYCLE.length]; // matplotlib's next colour in the cycle
        points.setMarkerColor(new Color(c.getRed(), c.getGreen(), c.getBlue(), 128));
        points.setShowInLegend(false);
        chart.getStyler().setMarkerSize(6);
        setAxes(chart, axes);
        return save(chart, png);
    }

    /** A scatter plot, the book's {@code d2l.plt.scatter}; writes {@code png} and an SVG. */
    public static Path scatter(double[] x, double[] y, Axes axes, Path png) {
        XYChart chart = newChart(axes);
        XYSeries s = chart.addSeries(seriesName(axes, 0), x, y);
        s.setXYSeriesRenderStyle(org.knowm.xchart.XYSeries.XYSeriesRenderStyle.Scatter);
        s.setMarker(SeriesMarkers.CIRCLE);
        s.setMarkerColor(CYCLE[0]);
        chart.getStyler().setMarkerSize(3);
        setAxes(chart, axes);
        return save(chart, png);
    }

    /**
     * The counts of matplotlib's {@code hist} (numpy's {@code histogram}): {@code bins} equal bins
     * from the smallest to the largest value of all data sets together (from v - 0.5 to v + 0.5 when
     * all are v), each bin holding its left edge, the last one its right edge too.
     *
     * @param edges the bins' {@code bins + 1} edges
     * @param counts for each data set, its count in each bin
     */
    public record Histogram(double[] edges, List<int[]> counts) {}

    /**
     * {@link Histogram} of each data set over the same bins.
     *
     * @throws IllegalArgumentException for no data set, no value at all, a value that is not
     *     finite, or bins below 1
     */
    public static Histogram histogram(List<double[]> data, int bins) {
        if (bins < 1 || data.isEmpty()) {
            throw new IllegalArgumentException("a histogram needs bins >= 1 and a data set, got bins " + bins + " and "
                    + data.size() + " data sets");
        }
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double[] d : data) {
            for (double v : d) {
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException("a histogram of values that are not finite: " + v);
                }
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        if (lo > hi) {
            throw new IllegalArgumentException("a histogram of no values");
        }
        if (lo == hi) {
            lo -= 0.5;
            hi += 0.5;
        }
        double[] edges = new double[bins + 1];
        for (int i = 0; i <= bins; i++) {
            edges[i] = lo + (hi - lo) * i / bins;
        }
        List<int[]> counts = new java.util.ArrayList<>();
        for (double[] d : data) {
            int[] c = new int[bins];
            for (double v : d) {
                int b = (int) Math.floor((v - lo) / (hi - lo) * bins);
                c[Math.min(Math.max(b, 0), bins - 1)]++;
            }
            counts.add(c);
        }
        return new Histogram(edges, counts);
    }

    /**
     * The book's {@code plt.hist} of several data sets: their bars side by side in each of {@code
     * bins} shared bins, each labelled by its centre. Writes {@code png} and an SVG; returns the
     * PNG's path.
     *
     * <p>Defined in D2L §9.5.
     */
    public static Path hist(List<double[]> data, int bins, Axes axes, Path png) {
        Histogram h = histogram(data, bins);
        CategoryChart chart = new CategoryChartBuilder()
                .width(axes.widthPx())
                .height(axes.heightPx())
                .xAxisTitle(axes.xlabel() == null ? "" : axes.xlabel())
                .yAxisTitle(axes.ylabel() == null ? "" : axes.ylabel())
                .build();
        List<String> centres = new java.util.ArrayList<>();
        for (int i = 0; i < bins; i++) {
            centres.add(tickLabel(Math.round((h.edges()[i] + h.edges()[i + 1]) * 5) / 10.0));
        }
        for (int k = 0; k < data.size(); k++) {
            List<Integer> counts =
                    java.util.Arrays.stream(h.counts().get(k)).boxed().toList();
            CategorySeries s = chart.addSeries(seriesName(axes, k), centres, counts);
            s.setFillColor(CYCLE[k % CYCLE.length]);
        }
        chart.getStyler().setOverlapped(false);
        chart.getStyler().setyAxisTickLabelsFormattingFunction(Plot::tickLabel); // 20000, not 2E4
        chart.getStyler().setLegendVisible(!axes.legend().isEmpty());
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        return save(chart, png);
    }

    /**
     * Applies labels, limits, scales and legend to a chart, after its curves have been added.
     *
     * <p>Two things differ from a plain XChart call, so that every axis can be read. A log axis
     * reaches out to whole decades, at least two of them: XChart labels a log axis at its decades
     * only, and a curve from 0.17 to 4 would otherwise show the single label 1. And the x ticks
     * fall on round numbers a label apart: where the x values are equally spaced (epochs 1 to
     * 100), XChart 3.8 puts a tick on every k-th value with the labels packed edge to edge
     * ("1 5 9 13 17 ..."); {@link #tickOnRoundNumbers} keeps it on its usual round-number ticks.
     *
     * <p>Defined in D2L §2.4.
     */
    public static void setAxes(XYChart chart, Axes axes) {
        XYStyler styler = chart.getStyler();
        chart.setXAxisTitle(axes.xlabel() == null ? "" : axes.xlabel());
        chart.setYAxisTitle(axes.ylabel() == null ? "" : axes.ylabel());
        boolean xLog = "log".equals(axes.xscale());
        boolean yLog = "log".equals(axes.yscale());
        double[] xlim = xLog ? decades(axes.xlim(), values(chart, true)) : axes.xlim();
        double[] ylim = yLog ? decades(axes.ylim(), values(chart, false)) : axes.ylim();
        if (xlim != null) {
            styler.setXAxisMin(xlim[0]).setXAxisMax(xlim[1]);
        }
        if (ylim != null) {
            styler.setYAxisMin(ylim[0]).setYAxisMax(ylim[1]);
        }
        styler.setXAxisLogarithmic(xLog);
        styler.setYAxisLogarithmic(yLog);
        if (!xLog) {
            tickOnRoundNumbers(chart, yLog);
            styler.setxAxisTickLabelsFormattingFunction(Plot::tickLabel);
        }
        if (!yLog) { // a formatting function would replace XChart's log ticks by linear ones
            styler.setyAxisTickLabelsFormattingFunction(Plot::tickLabel);
        }
        styler.setLegendVisible(!axes.legend().isEmpty());
        styler.setLegendPosition(Styler.LegendPosition.InsideNE);
        styler.setPlotGridLinesVisible(true);
        styler.setChartBackgroundColor(Color.WHITE);
    }

    /**
     * The limits of a log axis: {@code lim}, or the positive range of {@code data} when there is
     * none, widened to whole decades, at least two of them so that at least three are labelled.
     * Null when there is nothing positive to show.
     */
    static double[] decades(double[] lim, double[] data) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double v : lim != null ? lim : data) {
            if (v > 0 && Double.isFinite(v)) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        if (lo > hi) {
            return lim;
        }
        double from = Math.floor(Math.log10(lo));
        double to = Math.max(Math.ceil(Math.log10(hi)), from + 2);
        return new double[] {Math.pow(10, from), Math.pow(10, to)};
    }

    /**
     * The label of a tick on a linear axis, as matplotlib writes it: the shortest decimal, with its
     * leading zero (XChart's own pattern writes 0.08 as ".08", beside "0.1").
     */
    static String tickLabel(double value) {
        if (value == 0) {
            return "0"; // and not "-0"
        }
        return new java.math.BigDecimal(value)
                .round(new java.math.MathContext(10)) // the tick arithmetic's rounding error goes
                .stripTrailingZeros()
                .toPlainString();
    }

    /** Every x (or y) value of the chart's curves. */
    private static double[] values(XYChart chart, boolean x) {
        return chart.getSeriesMap().values().stream()
                .flatMapToDouble(s -> java.util.Arrays.stream(x ? s.getXData() : s.getYData()))
                .toArray();
    }

    /**
     * Adds a point that is drawn as nothing (a one-point curve without a marker, not in the
     * legend) between the first two x values, on a y value the chart already has: the x values are
     * then no longer equally spaced, and XChart chooses round-number ticks with its usual spacing
     * instead of a tick on every k-th value. It changes neither range.
     */
    static void tickOnRoundNumbers(XYChart chart, boolean yLog) {
        if (chart.getSeriesMap().containsKey(HIDDEN)) {
            return; // set already
        }
        for (XYSeries s : chart.getSeriesMap().values()) {
            double[] x = s.getXData();
            double[] y = s.getYData();
            for (int i = 0; i + 1 < x.length; i++) {
                if (Double.isFinite(y[i]) && (!yLog || y[i] > 0) && x[i + 1] != x[i]) {
                    XYSeries hidden =
                            chart.addSeries(HIDDEN, new double[] {(x[i] + x[i + 1]) / 2}, new double[] {y[i]});
                    hidden.setMarker(SeriesMarkers.NONE);
                    hidden.setShowInLegend(false);
                    return;
                }
            }
        }
    }

    static XYChart newChart(Axes axes) {
        XYChart chart = new XYChartBuilder()
                .width(axes.widthPx())
                .height(axes.heightPx())
                .build();
        chart.getStyler().setMarkerSize(0);
        return chart;
    }

    static void addLine(XYChart chart, String name, double[] x, double[] y, String fmt, int index) {
        XYSeries s = chart.addSeries(name, x, y);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(colour(fmt, index));
        s.setLineStyle(stroke(fmt));
        if (fmt.contains("o")) { // matplotlib's '-o': the line with a dot on each point
            s.setMarker(SeriesMarkers.CIRCLE);
            s.setMarkerColor(colour(fmt, index));
            chart.getStyler().setMarkerSize(6);
        }
    }

    static String seriesName(Axes axes, int i) {
        return i < axes.legend().size() ? axes.legend().get(i) : "y" + i;
    }

    /** A matplotlib colour letter at the start of fmt, or the default colour cycle. */
    static Color colour(String fmt, int index) {
        char c = fmt.isEmpty() ? ' ' : fmt.charAt(0);
        switch (c) {
            case 'b':
                return CYCLE[0];
            case 'g':
                return new Color(0x008000);
            case 'r':
                return Color.RED;
            case 'c':
                return new Color(0x00bfbf);
            case 'm':
                return new Color(0xbf00bf);
            case 'y':
                return new Color(0xbfbf00);
            case 'k':
                return Color.BLACK;
            default:
                return CYCLE[index % CYCLE.length];
        }
    }

    /** The matplotlib line style at the end of fmt: '-', '--', '-.' or ':'. */
    static BasicStroke stroke(String fmt) {
        float w = 1.5f;
        if (fmt.endsWith("--")) {
            return new BasicStroke(w, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {6, 4}, 0);
        }
        if (fmt.endsWith("-.")) {
            return new BasicStroke(w, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {6, 3, 1, 3}, 0);
        }
        if (fmt.endsWith(":")) {
            return new BasicStroke(w, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {1.5f, 3}, 0);
        }
        return new BasicStroke(w);
    }

    /**
     * Writes the chart as {@code png} and as an SVG beside it. Each file is written to a
     * temporary name first and moved into place, so a viewer never reads half a plot.
     */
    static Path save(Chart<?, ?> chart, Path png) {
        String name = png.getFileName().toString();
        if (!name.endsWith(".png")) {
            throw new IllegalArgumentException("plot path must end in .png: " + png);
        }
        Path svg = png.resolveSibling(name.substring(0, name.length() - 4) + ".svg");
        try {
            AtomicFile.write(png, out -> BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG));
            AtomicFile.write(
                    svg,
                    out -> VectorGraphicsEncoder.saveVectorGraphic(
                            chart, out, VectorGraphicsEncoder.VectorGraphicsFormat.SVG));
        } catch (IOException e) {
            throw new UncheckedIOException("could not write plot " + png, e);
        }
        LOG.debug("wrote {}", png);
        return png;
    }
}
