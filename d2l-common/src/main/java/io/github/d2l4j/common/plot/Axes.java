package io.github.d2l4j.common.plot;

import java.util.List;

/**
 * The axis settings of the book's {@code set_axes}: labels, limits, scales and legend. Use
 * {@link #of()} and the {@code with...} methods; unset limits let XChart choose.
 *
 * @param xlabel x-axis title, or null
 * @param ylabel y-axis title, or null
 * @param xlim {min, max} or null
 * @param ylim {min, max} or null
 * @param xscale "linear" or "log"
 * @param yscale "linear" or "log"
 * @param legend one name per curve, or empty for no legend
 * @param figsize {width, height} in inches at 150 dpi, the book's default being 3.5 x 2.5
 */
public record Axes(
        String xlabel,
        String ylabel,
        double[] xlim,
        double[] ylim,
        String xscale,
        String yscale,
        List<String> legend,
        double[] figsize) {

    /** Pixels per inch of figsize. */
    public static final int DPI = 150;

    public Axes {
        requireScale(xscale);
        requireScale(yscale);
        requireLimits(xlim, "xlim");
        requireLimits(ylim, "ylim");
        legend = legend == null ? List.of() : List.copyOf(legend);
    }

    /** The book's defaults: no labels, linear scales, figsize (3.5, 2.5). */
    public static Axes of() {
        return new Axes(null, null, null, null, "linear", "linear", List.of(), new double[] {3.5, 2.5});
    }

    public Axes withLabels(String x, String y) {
        return new Axes(x, y, xlim, ylim, xscale, yscale, legend, figsize);
    }

    public Axes withXlim(double min, double max) {
        return new Axes(xlabel, ylabel, new double[] {min, max}, ylim, xscale, yscale, legend, figsize);
    }

    public Axes withYlim(double min, double max) {
        return new Axes(xlabel, ylabel, xlim, new double[] {min, max}, xscale, yscale, legend, figsize);
    }

    public Axes withScales(String x, String y) {
        return new Axes(xlabel, ylabel, xlim, ylim, x, y, legend, figsize);
    }

    public Axes withLegend(String... names) {
        return new Axes(xlabel, ylabel, xlim, ylim, xscale, yscale, List.of(names), figsize);
    }

    public Axes withFigsize(double width, double height) {
        return new Axes(xlabel, ylabel, xlim, ylim, xscale, yscale, legend, new double[] {width, height});
    }

    public int widthPx() {
        return (int) Math.round(figsize[0] * DPI);
    }

    public int heightPx() {
        return (int) Math.round(figsize[1] * DPI);
    }

    private static void requireScale(String scale) {
        if (!"linear".equals(scale) && !"log".equals(scale)) {
            throw new IllegalArgumentException("scale must be 'linear' or 'log', got '" + scale + "'");
        }
    }

    private static void requireLimits(double[] lim, String name) {
        if (lim != null && (lim.length != 2 || !(lim[0] < lim[1]))) {
            throw new IllegalArgumentException(name + " must be {min, max} with min < max");
        }
    }
}
