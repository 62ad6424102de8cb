package io.github.d2l4j.common.plot;

import io.github.d2l4j.common.io.AtomicFile;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
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

    // matplotlib's first colours, so an unqualified '-' looks as it does in the book.
    private static final Color[] CYCLE = {
        new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728)
    };

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

    /** {@link #plot(double[], List, Axes, List, Path)} with the book's default formats. */
    public static Path plot(double[] x, List<double[]> ys, Axes axes, Path png) {
        return plot(x, ys, axes, DEFAULT_FMTS, png);
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
     * Applies labels, limits, scales and legend to a chart.
     *
     * <p>Defined in D2L §2.4.
     */
    public static void setAxes(XYChart chart, Axes axes) {
        XYStyler styler = chart.getStyler();
        chart.setXAxisTitle(axes.xlabel() == null ? "" : axes.xlabel());
        chart.setYAxisTitle(axes.ylabel() == null ? "" : axes.ylabel());
        if (axes.xlim() != null) {
            chart.getStyler().setXAxisMin(axes.xlim()[0]).setXAxisMax(axes.xlim()[1]);
        }
        if (axes.ylim() != null) {
            chart.getStyler().setYAxisMin(axes.ylim()[0]).setYAxisMax(axes.ylim()[1]);
        }
        chart.getStyler().setXAxisLogarithmic("log".equals(axes.xscale()));
        chart.getStyler().setYAxisLogarithmic("log".equals(axes.yscale()));
        styler.setLegendVisible(!axes.legend().isEmpty());
        styler.setLegendPosition(Styler.LegendPosition.InsideNE);
        styler.setPlotGridLinesVisible(true);
        styler.setChartBackgroundColor(Color.WHITE);
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
    static Path save(XYChart chart, Path png) {
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
