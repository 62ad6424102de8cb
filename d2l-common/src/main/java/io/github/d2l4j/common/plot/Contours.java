package io.github.d2l4j.common.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleBinaryOperator;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * matplotlib's {@code contour} for the book's 2-D optimisation plots, which XChart does not have:
 * the level lines of a function sampled on a grid, found by marching squares and drawn as XChart
 * line series, with an optimiser's trace over them ({@code plot(*zip(*results), '-o',
 * color='#ff7f0e')}).
 *
 * <p>The levels are chosen as matplotlib's default {@code MaxNLocator(8)} chooses them: evenly
 * spaced round numbers (1, 2, 2.5 or 5 times a power of ten) with at most 8 bins over the
 * values' range; a line is drawn for each level strictly inside the range. Within a grid cell a
 * line is straight, between the points where the level is reached on the cell's edges (linear
 * interpolation), as in matplotlib.
 *
 * <p>Defined in D2L §11.3.
 */
public final class Contours {
    /** matplotlib's second colour, the book's trace colour {@code '#ff7f0e'}. */
    public static final Color TRACE = new Color(0xff7f0e);

    /** matplotlib's first colour, the book's contour colour {@code '#1f77b4'}. */
    public static final Color CONTOUR = new Color(0x1f77b4);

    private static final double[] NICE = {1, 2, 2.5, 5, 10};
    private static final int BINS = 8;

    private Contours() {}

    /**
     * {@code torch.arange(start, end, step)}: {@code start + i * step} for i = 0, 1, ... below
     * {@code end}.
     *
     * @throws IllegalArgumentException unless step > 0 and start < end
     */
    public static double[] arange(double start, double end, double step) {
        if (!(step > 0) || !(start < end)) {
            throw new IllegalArgumentException(
                    "arange needs start < end and step > 0, got " + start + ", " + end + ", " + step);
        }
        int n = (int) Math.ceil((end - start) / step);
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = start + i * step;
        }
        return a;
    }

    /** {@code f(x1, x2)} over {@code meshgrid(x1, x2, indexing='ij')}: z[i][j] = f(x1[i], x2[j]). */
    public static double[][] grid(double[] x1, double[] x2, DoubleBinaryOperator f) {
        double[][] z = new double[x1.length][x2.length];
        for (int i = 0; i < x1.length; i++) {
            for (int j = 0; j < x2.length; j++) {
                z[i][j] = f.applyAsDouble(x1[i], x2[j]);
            }
        }
        return z;
    }

    /**
     * The levels matplotlib's {@code contour} draws for values from {@code zmin} to {@code zmax}:
     * multiples of a round step, at most 8 bins, strictly between the two.
     */
    public static double[] levels(double zmin, double zmax) {
        if (!(zmin < zmax) || !Double.isFinite(zmin) || !Double.isFinite(zmax)) {
            return new double[0]; // a flat or empty grid has no level lines
        }
        double raw = (zmax - zmin) / BINS;
        double scale = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = 10 * scale;
        for (double nice : NICE) {
            if (nice * scale >= raw * (1 - 1e-12)) {
                step = nice * scale;
                break;
            }
        }
        List<Double> levels = new ArrayList<>();
        for (long k = (long) Math.ceil(zmin / step); k * step <= zmax; k++) {
            double level = k * step;
            if (level > zmin && level < zmax) {
                levels.add(level);
            }
        }
        return levels.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /**
     * The level line of {@code z} at {@code level}, by marching squares: one straight segment
     * {x1a, x2a, x1b, x2b} in each grid cell it crosses (two in a saddle cell, which the cell's
     * mean value decides).
     *
     * @param z z[i][j] at (x1[i], x2[j]), as {@link #grid} makes it
     */
    public static List<double[]> segments(double[] x1, double[] x2, double[][] z, double level) {
        requireGrid(x1, x2, z);
        List<double[]> segments = new ArrayList<>();
        for (int i = 0; i + 1 < x1.length; i++) {
            for (int j = 0; j + 1 < x2.length; j++) {
                // the corners counter-clockwise: (i, j), (i+1, j), (i+1, j+1), (i, j+1)
                double[] cx = {x1[i], x1[i + 1], x1[i + 1], x1[i]};
                double[] cy = {x2[j], x2[j], x2[j + 1], x2[j + 1]};
                double[] cz = {z[i][j], z[i + 1][j], z[i + 1][j + 1], z[i][j + 1]};
                cell(cx, cy, cz, level, segments);
            }
        }
        return segments;
    }

    /** The segments of one cell: edge e runs from corner e to corner e + 1. */
    private static void cell(double[] cx, double[] cy, double[] cz, double level, List<double[]> out) {
        double[][] cross = new double[4][];
        int n = 0;
        for (int e = 0; e < 4; e++) {
            int a = e;
            int b = (e + 1) % 4;
            if ((cz[a] > level) != (cz[b] > level)) {
                double t = (level - cz[a]) / (cz[b] - cz[a]);
                cross[e] = new double[] {cx[a] + t * (cx[b] - cx[a]), cy[a] + t * (cy[b] - cy[a])};
                n++;
            }
        }
        if (n == 2) {
            double[] p = null;
            for (double[] c : cross) {
                if (c != null && p == null) {
                    p = c;
                } else if (c != null) {
                    out.add(new double[] {p[0], p[1], c[0], c[1]});
                }
            }
        } else if (n == 4) {
            // a saddle: the lines cut off the two corners on the other side from the cell's centre
            boolean centre = (cz[0] + cz[1] + cz[2] + cz[3]) / 4 > level;
            if (centre == (cz[0] > level)) { // corners 1 and 3 are cut off
                out.add(join(cross[0], cross[1]));
                out.add(join(cross[2], cross[3]));
            } else { // corners 0 and 2
                out.add(join(cross[3], cross[0]));
                out.add(join(cross[1], cross[2]));
            }
        }
    }

    private static double[] join(double[] p, double[] q) {
        return new double[] {p[0], p[1], q[0], q[1]};
    }

    /**
     * The contours of {@code f} over {@code meshgrid(x1, x2, indexing='ij')} in {@link #CONTOUR},
     * with {@code trace} (points {x1, x2}, may be empty) drawn over them as {@code '-o'} in {@link
     * #TRACE}. Writes {@code png} and an SVG beside it, each atomically; returns the PNG's path.
     *
     * <p>Defined in D2L §11.3.
     */
    public static Path contour(
            double[] x1, double[] x2, DoubleBinaryOperator f, List<double[]> trace, Axes axes, Path png) {
        double[][] z = grid(x1, x2, f);
        requireGrid(x1, x2, z);
        XYChart chart = Plot.newChart(axes);
        double zmin = Double.POSITIVE_INFINITY;
        double zmax = Double.NEGATIVE_INFINITY;
        for (double[] row : z) {
            for (double v : row) {
                if (Double.isFinite(v)) {
                    zmin = Math.min(zmin, v);
                    zmax = Math.max(zmax, v);
                }
            }
        }
        for (double level : levels(zmin, zmax)) {
            addSegments(chart, " level " + level, segments(x1, x2, z, level));
        }
        if (!trace.isEmpty()) {
            double[] tx = trace.stream().mapToDouble(p -> p[0]).toArray();
            double[] ty = trace.stream().mapToDouble(p -> p[1]).toArray();
            XYSeries s = chart.addSeries(" trace", tx, ty);
            s.setLineColor(TRACE);
            s.setLineStyle(new BasicStroke(1.5f));
            s.setMarker(SeriesMarkers.CIRCLE);
            s.setMarkerColor(TRACE);
            s.setShowInLegend(false);
            chart.getStyler().setMarkerSize(6);
        }
        // matplotlib's autoscale: the grid and the trace, whichever reaches further
        double[] xlim = {x1[0], x1[x1.length - 1]};
        double[] ylim = {x2[0], x2[x2.length - 1]};
        for (double[] p : trace) {
            xlim = new double[] {Math.min(xlim[0], p[0]), Math.max(xlim[1], p[0])};
            ylim = new double[] {Math.min(ylim[0], p[1]), Math.max(ylim[1], p[1])};
        }
        Axes limited = axes;
        if (axes.xlim() == null) {
            limited = limited.withXlim(xlim[0], xlim[1]);
        }
        if (axes.ylim() == null) {
            limited = limited.withYlim(ylim[0], ylim[1]);
        }
        Plot.setAxes(chart, limited);
        return Plot.save(chart, png);
    }

    /** The segments as one series, each segment a two-point line, a NaN between them (XChart breaks the line there). */
    private static void addSegments(XYChart chart, String name, List<double[]> segments) {
        if (segments.isEmpty()) {
            return;
        }
        double[] x = new double[3 * segments.size()];
        double[] y = new double[3 * segments.size()];
        for (int k = 0; k < segments.size(); k++) {
            double[] s = segments.get(k);
            x[3 * k] = s[0];
            y[3 * k] = s[1];
            x[3 * k + 1] = s[2];
            y[3 * k + 1] = s[3];
            x[3 * k + 2] = s[2];
            y[3 * k + 2] = Double.NaN;
        }
        XYSeries series = chart.addSeries(name, x, y);
        series.setMarker(SeriesMarkers.NONE);
        series.setLineColor(CONTOUR);
        series.setLineStyle(new BasicStroke(1f));
        series.setShowInLegend(false);
    }

    private static void requireGrid(double[] x1, double[] x2, double[][] z) {
        if (x1.length < 2 || x2.length < 2 || z.length != x1.length) {
            throw new IllegalArgumentException(
                    "a contour needs a grid of at least 2 x 2 points with z[i][j] at (x1[i], x2[j]), got " + x1.length
                            + " x1, " + x2.length + " x2 and " + z.length + " rows of z");
        }
        for (double[] row : z) {
            if (row.length != x2.length) {
                throw new IllegalArgumentException("a row of z has " + row.length + " values for " + x2.length + " x2");
            }
        }
    }
}
