package io.github.d2l4j.common.plot;

import io.github.d2l4j.common.io.AtomicFile;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Heatmaps of attention weights: the book's {@code show_heatmaps}, drawn with Java2D (as {@link
 * Images} draws its grids) and written as a PNG file.
 */
public final class Heatmaps {
    /** The book's default size of one heatmap, in inches. */
    public static final double[] DEFAULT_FIGSIZE = {2.5, 2.5};

    /** The book's default colour map. */
    public static final String DEFAULT_CMAP = "Reds";

    /** Pixels per inch: the book's figures at matplotlib's notebook resolution, a little larger. */
    private static final int DPI = 120;

    /** matplotlib's {@code Reds} (ColorBrewer's nine steps), from the lowest value to the highest. */
    private static final Color[] REDS = {
        new Color(0xfff5f0), new Color(0xfee0d2), new Color(0xfcbba1),
        new Color(0xfc9272), new Color(0xfb6a4a), new Color(0xef3b2c),
        new Color(0xcb181d), new Color(0xa50f15), new Color(0x67000d)
    };

    private static final int MARGIN = 12;
    private static final int LABEL = 22; // room for an axis label
    private static final int TICKS = 18; // room for tick labels
    private static final int TITLE = 20;
    private static final int BAR_WIDTH = 16;
    private static final int BAR_LABELS = 48;

    private Heatmaps() {}

    /**
     * {@link #showHeatmaps(double[][][][], String, String, List, double[], String, Path)} of an
     * array of shape (rows, cols, queries, keys), the book's usual call on a tensor.
     *
     * <p>Defined in D2L §10.1.
     *
     * @throws IllegalArgumentException when {@code matrices} is not of rank 4 or is empty
     */
    public static Path showHeatmaps(
            INDArray matrices,
            String xlabel,
            String ylabel,
            List<String> titles,
            double[] figsize,
            String cmap,
            Path png) {
        if (matrices.rank() != 4 || matrices.length() == 0) {
            throw new IllegalArgumentException(
                    "showHeatmaps expects a non-empty (rows, cols, queries, keys) array, got "
                            + Arrays.toString(matrices.shape()));
        }
        int rows = (int) matrices.size(0);
        int cols = (int) matrices.size(1);
        int q = (int) matrices.size(2);
        int k = (int) matrices.size(3);
        double[] flat = matrices.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        double[][][][] m = new double[rows][cols][q][k];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                for (int a = 0; a < q; a++) {
                    System.arraycopy(flat, ((i * cols + j) * q + a) * k, m[i][j][a], 0, k);
                }
            }
        }
        return showHeatmaps(m, xlabel, ylabel, titles, figsize, cmap, png);
    }

    /**
     * The book's defaults: no titles, figsize (2.5, 2.5), colour map {@code Reds}.
     *
     * <p>Defined in D2L §10.1.
     */
    public static Path showHeatmaps(INDArray matrices, String xlabel, String ylabel, Path png) {
        return showHeatmaps(matrices, xlabel, ylabel, null, DEFAULT_FIGSIZE, DEFAULT_CMAP, png);
    }

    /**
     * Draws {@code matrices[i][j]} (queries down, keys across) as the heatmap in row {@code i},
     * column {@code j} of a grid, with one colour bar on the right, and writes {@code png}; returns
     * its path. As in the book, only the bottom row carries {@code xlabel}, only the left column
     * {@code ylabel}, and {@code titles[j]} names column {@code j}.
     *
     * <p>The colours follow matplotlib's {@code imshow}, which the book calls once per heatmap:
     * each heatmap spans the colour map from its own smallest to its own largest value, and the
     * one colour bar ({@code fig.colorbar(pcm, ...)} with {@code pcm} the last heatmap drawn) shows
     * the last heatmap's range. Heatmaps of very different ranges therefore share colours but not
     * values, as in the book; a constant heatmap is drawn in the lightest colour, as matplotlib
     * draws it.
     *
     * <p>Written to a temporary file and moved into place, so that a failed or interrupted write
     * leaves no partial PNG.
     *
     * <p>Defined in D2L §10.1.
     *
     * @param titles one per column, or null for none
     * @param figsize (width, height) of one heatmap in inches
     * @param cmap the colour map; {@code Reds} is the one there is
     * @throws IllegalArgumentException for no matrices, ragged or empty ones, values that are not
     *     finite, too few titles, a figsize that is not positive, or another colour map
     */
    public static Path showHeatmaps(
            double[][][][] matrices,
            String xlabel,
            String ylabel,
            List<String> titles,
            double[] figsize,
            String cmap,
            Path png) {
        int[] shape = requireGrid(matrices);
        int rows = shape[0];
        int cols = shape[1];
        int q = shape[2];
        int k = shape[3];
        if (titles != null && titles.size() < cols) {
            throw new IllegalArgumentException("showHeatmaps: " + cols + " columns but " + titles.size() + " titles");
        }
        if (figsize == null || figsize.length != 2 || !(figsize[0] > 0) || !(figsize[1] > 0)) {
            throw new IllegalArgumentException(
                    "showHeatmaps: figsize must be {width, height} > 0, got " + Arrays.toString(figsize));
        }
        if (!DEFAULT_CMAP.equals(cmap)) {
            throw new IllegalArgumentException("showHeatmaps: colour map '" + cmap + "' unknown, only 'Reds' is drawn");
        }
        if (!png.getFileName().toString().endsWith(".png")) {
            throw new IllegalArgumentException("heatmap path must end in .png: " + png);
        }
        int cellW = (int) Math.round(figsize[0] * DPI * 0.75); // the axes, without matplotlib's margins
        int cellH = (int) Math.round(figsize[1] * DPI * 0.75);
        int titleH = titles == null ? 0 : TITLE;
        int left = MARGIN + LABEL + TICKS;
        int top = MARGIN;
        int stepX = cellW + TICKS;
        int stepY = titleH + cellH + TICKS;
        int gridW = cols * stepX;
        int gridH = rows * stepY;
        int width = left + gridW + MARGIN + BAR_WIDTH + BAR_LABELS;
        int height = top + gridH + LABEL + MARGIN;

        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        FontMetrics fm = g.getFontMetrics();

        double[] lastRange = null;
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                double[][] m = matrices[i][j];
                double[] range = range(m);
                int x0 = left + j * stepX;
                int y0 = top + i * stepY + titleH;
                fill(out, m, range, x0, y0, cellW, cellH);
                g.setColor(Color.BLACK);
                g.drawRect(x0, y0, cellW, cellH);
                ticks(g, fm, x0, y0, cellW, cellH, q, k);
                if (titles != null) {
                    String t = titles.get(j);
                    g.drawString(t, x0 + (cellW - fm.stringWidth(t)) / 2, y0 - 6);
                }
                if (i == rows - 1 && xlabel != null) {
                    g.drawString(xlabel, x0 + (cellW - fm.stringWidth(xlabel)) / 2, y0 + cellH + TICKS + LABEL - 6);
                }
                if (j == 0 && ylabel != null) {
                    AffineTransform saved = g.getTransform();
                    g.rotate(-Math.PI / 2, MARGIN + 12, y0 + cellH / 2.0);
                    g.drawString(ylabel, MARGIN + 12 - fm.stringWidth(ylabel) / 2, y0 + cellH / 2);
                    g.setTransform(saved);
                }
                lastRange = range;
            }
        }
        colourBar(out, g, fm, lastRange, left + gridW + MARGIN, top + titleH, gridH - titleH - TICKS);
        g.dispose();
        try {
            AtomicFile.write(png, o -> ImageIO.write(out, "png", o));
        } catch (IOException e) {
            throw new UncheckedIOException("could not write heatmaps " + png, e);
        }
        return png;
    }

    /** The colour of {@code t} in [0, 1] on matplotlib's {@code Reds}, interpolated linearly. */
    static Color reds(double t) {
        double s = Math.max(0, Math.min(1, t)) * (REDS.length - 1);
        int lo = (int) Math.min(Math.floor(s), REDS.length - 2);
        double f = s - lo;
        Color a = REDS[lo];
        Color b = REDS[lo + 1];
        return new Color(
                (int) Math.round(a.getRed() + f * (b.getRed() - a.getRed())),
                (int) Math.round(a.getGreen() + f * (b.getGreen() - a.getGreen())),
                (int) Math.round(a.getBlue() + f * (b.getBlue() - a.getBlue())));
    }

    /** (rows, cols, queries, keys), after checking that the grid is full, rectangular and finite. */
    private static int[] requireGrid(double[][][][] matrices) {
        if (matrices == null || matrices.length == 0 || matrices[0] == null || matrices[0].length == 0) {
            throw new IllegalArgumentException("showHeatmaps: no matrices to draw");
        }
        int rows = matrices.length;
        int cols = matrices[0].length;
        double[][] first = matrices[0][0];
        if (first == null || first.length == 0 || first[0] == null || first[0].length == 0) {
            throw new IllegalArgumentException("showHeatmaps: matrix (0, 0) is empty");
        }
        int q = first.length;
        int k = first[0].length;
        for (int i = 0; i < rows; i++) {
            if (matrices[i] == null || matrices[i].length != cols) {
                throw new IllegalArgumentException("showHeatmaps: row 0 has " + cols + " matrices, row " + i + " has "
                        + (matrices[i] == null ? 0 : matrices[i].length));
            }
            for (int j = 0; j < cols; j++) {
                double[][] m = matrices[i][j];
                if (m == null || m.length != q) {
                    throw new IllegalArgumentException(String.format(
                            "showHeatmaps: matrix (0, 0) has %d queries, matrix (%d, %d) has %d",
                            q, i, j, m == null ? 0 : m.length));
                }
                for (int a = 0; a < q; a++) {
                    if (m[a] == null || m[a].length != k) {
                        throw new IllegalArgumentException(String.format(
                                "showHeatmaps: matrix (0, 0) has %d keys, matrix (%d, %d) has %d in query %d",
                                k, i, j, m[a] == null ? 0 : m[a].length, a));
                    }
                    for (int b = 0; b < k; b++) {
                        if (!Double.isFinite(m[a][b])) {
                            throw new IllegalArgumentException(String.format(
                                    "showHeatmaps: matrix (%d, %d) has %s at (%d, %d)", i, j, m[a][b], a, b));
                        }
                    }
                }
            }
        }
        return new int[] {rows, cols, q, k};
    }

    private static double[] range(double[][] m) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double[] row : m) {
            for (double v : row) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        return new double[] {lo, hi};
    }

    /** Paints the matrix into the cell, nearest neighbour as {@code imshow} does, query 0 at the top. */
    private static void fill(BufferedImage out, double[][] m, double[] range, int x0, int y0, int w, int h) {
        int q = m.length;
        int k = m[0].length;
        double span = range[1] - range[0];
        for (int py = 0; py < h; py++) {
            double[] row = m[Math.min(q - 1, py * q / h)];
            for (int px = 0; px < w; px++) {
                double v = row[Math.min(k - 1, px * k / w)];
                double t = span > 0 ? (v - range[0]) / span : 0;
                out.setRGB(x0 + px, y0 + py, reds(t).getRGB());
            }
        }
    }

    /** Ticks at about five whole indexes on each axis, at the cells' centres, as matplotlib puts them. */
    private static void ticks(Graphics2D g, FontMetrics fm, int x0, int y0, int w, int h, int q, int k) {
        for (int b : tickIndexes(k)) {
            int x = x0 + (int) Math.round((b + 0.5) * w / k);
            g.drawLine(x, y0 + h, x, y0 + h + 3);
            String s = Integer.toString(b);
            g.drawString(s, x - fm.stringWidth(s) / 2, y0 + h + 4 + fm.getAscent());
        }
        for (int a : tickIndexes(q)) {
            int y = y0 + (int) Math.round((a + 0.5) * h / q);
            g.drawLine(x0 - 3, y, x0, y);
            String s = Integer.toString(a);
            g.drawString(s, x0 - 5 - fm.stringWidth(s), y + fm.getAscent() / 2 - 1);
        }
    }

    /** 0, step, 2 step, ... below n, with step 1, 2, 5, 10, 20, 50, ... so that there are at most 6. */
    static int[] tickIndexes(int n) {
        int step = 1;
        for (int i = 0; (n - 1) / step >= 6; i++) {
            step = i % 3 == 1 ? step * 5 / 2 : step * 2;
        }
        int[] t = new int[(n - 1) / step + 1];
        for (int i = 0; i < t.length; i++) {
            t[i] = i * step;
        }
        return t;
    }

    /** The colour bar of {@code range}, lowest at the bottom, labelled at round values as matplotlib does. */
    private static void colourBar(
            BufferedImage out, Graphics2D g, FontMetrics fm, double[] range, int x0, int y0, int h) {
        for (int py = 0; py < h; py++) {
            int rgb = reds(1 - (double) py / Math.max(1, h - 1)).getRGB();
            for (int px = 0; px < BAR_WIDTH; px++) {
                out.setRGB(x0 + px, y0 + py, rgb);
            }
        }
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(1));
        g.drawRect(x0, y0, BAR_WIDTH, h);
        double span = range[1] - range[0];
        for (double v : barTicks(range[0], range[1])) {
            int y = y0 + h - (span > 0 ? (int) Math.round(h * (v - range[0]) / span) : 0);
            g.drawLine(x0 + BAR_WIDTH, y, x0 + BAR_WIDTH + 3, y);
            g.drawString(Plot.tickLabel(v), x0 + BAR_WIDTH + 5, y + fm.getAscent() / 2 - 1);
        }
    }

    /**
     * Round values from {@code lo} to {@code hi}, 1, 2, 2.5 or 5 times a power of ten apart, at
     * most seven of them, as matplotlib's colour bar puts its ticks; just {@code lo} when the range
     * is empty.
     */
    static double[] barTicks(double lo, double hi) {
        if (!(hi > lo)) {
            return new double[] {lo};
        }
        double raw = (hi - lo) / 6;
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = 10 * magnitude;
        for (double m : new double[] {1, 2, 2.5, 5}) {
            if (m * magnitude >= raw) {
                step = m * magnitude;
                break;
            }
        }
        long first = (long) Math.ceil(lo / step - 1e-9);
        long last = (long) Math.floor(hi / step + 1e-9);
        double[] ticks = new double[(int) (last - first + 1)];
        for (int i = 0; i < ticks.length; i++) {
            // rounded to the step's digits, so that 3 * 0.2 is labelled 0.6 and not 0.6000000000000001
            ticks[i] = new java.math.BigDecimal((first + i) * step)
                    .round(new java.math.MathContext(12))
                    .doubleValue();
        }
        return ticks;
    }
}
