package io.github.d2l4j.common.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;

/**
 * The book's {@code annotate(text, xy, xytext)}: {@code text} written at {@code xytext} with an
 * arrow ({@code arrowstyle='->'}) from the text to the point {@code xy}, both in data coordinates.
 *
 * <p>As matplotlib's {@code annotate} does, the text's lower left corner (the baseline of its last
 * line) sits at {@code xytext}, a {@code "\n"} starts a new line, and the arrow leaves the text's
 * box where the line from the box's centre to {@code xy} crosses its edge. XChart's own {@code
 * AnnotationText} writes one centred line and {@code AnnotationLine} only spans the whole plot,
 * so this draws the annotation itself, as an XChart annotation: XChart maps the coordinates.
 *
 * <p>Defined in D2L §11.1.
 */
public final class Annotation extends org.knowm.xchart.internal.chartpart.Annotation {
    private static final double HEAD = 7; // the arrow head's length in pixels
    private static final double HEAD_ANGLE = Math.toRadians(25);

    private final String text;
    private final double[] xy;
    private final double[] xytext;

    /**
     * @param text the text; {@code "\n"} separates lines
     * @param xy the point the arrow points at
     * @param xytext where the text starts
     * @throws IllegalArgumentException for no text or points that are not two finite numbers
     */
    public Annotation(String text, double[] xy, double[] xytext) {
        super(false); // data coordinates, not pixels
        if (text == null || !isPoint(xy) || !isPoint(xytext)) {
            throw new IllegalArgumentException("annotate needs a text and two finite points (x, y), got text="
                    + text + ", xy=" + java.util.Arrays.toString(xy) + ", xytext="
                    + java.util.Arrays.toString(xytext));
        }
        this.text = text;
        this.xy = xy.clone();
        this.xytext = xytext.clone();
    }

    /** The book's {@code annotate(text, xy, xytext)} on a chart about to be drawn. */
    public static void annotate(org.knowm.xchart.XYChart chart, String text, double[] xy, double[] xytext) {
        chart.addAnnotation(new Annotation(text, xy, xytext));
    }

    public String text() {
        return text;
    }

    public double[] xy() {
        return xy.clone();
    }

    public double[] xytext() {
        return xytext.clone();
    }

    @Override
    public void paint(Graphics2D g) {
        if (!isVisible) {
            return;
        }
        g.setColor(Color.BLACK);
        g.setFont(styler.getAnnotationTextFont());
        FontMetrics fm = g.getFontMetrics();
        String[] lines = text.split("\n", -1);
        double left = getXAxisScreenValue(xytext[0]);
        double baseline = getYAxisScreenValue(xytext[1]);
        double width = 0;
        for (int i = 0; i < lines.length; i++) {
            // the last line on xytext, the others above it
            g.drawString(lines[i], (float) left, (float) (baseline - (lines.length - 1 - i) * fm.getHeight()));
            width = Math.max(width, fm.stringWidth(lines[i]));
        }
        double top = baseline - (lines.length - 1) * fm.getHeight() - fm.getAscent();
        Rectangle2D box = new Rectangle2D.Double(left, top, width, baseline + fm.getDescent() - top);
        bounds = box;
        drawArrow(g, box, getXAxisScreenValue(xy[0]), getYAxisScreenValue(xy[1]));
    }

    /** A line from the edge of the text's box to (tx, ty), and two short strokes there for the head. */
    private static void drawArrow(Graphics2D g, Rectangle2D box, double tx, double ty) {
        double cx = box.getCenterX();
        double cy = box.getCenterY();
        double dx = tx - cx;
        double dy = ty - cy;
        if (box.contains(tx, ty) || (dx == 0 && dy == 0)) {
            return; // the point lies under the text: nothing to point across
        }
        // leave the box where the line from its centre crosses the nearer edge
        double sx = dx == 0 ? Double.POSITIVE_INFINITY : (box.getWidth() / 2) / Math.abs(dx);
        double sy = dy == 0 ? Double.POSITIVE_INFINITY : (box.getHeight() / 2) / Math.abs(dy);
        double s = Math.min(sx, sy);
        double fx = cx + s * dx;
        double fy = cy + s * dy;
        g.setStroke(new BasicStroke(1f));
        g.draw(new Line2D.Double(fx, fy, tx, ty));
        double angle = Math.atan2(ty - fy, tx - fx);
        for (double side : new double[] {-HEAD_ANGLE, HEAD_ANGLE}) {
            double a = angle + Math.PI + side;
            g.draw(new Line2D.Double(tx, ty, tx + HEAD * Math.cos(a), ty + HEAD * Math.sin(a)));
        }
    }

    private static boolean isPoint(double[] p) {
        return p != null && p.length == 2 && Double.isFinite(p[0]) && Double.isFinite(p[1]);
    }
}
