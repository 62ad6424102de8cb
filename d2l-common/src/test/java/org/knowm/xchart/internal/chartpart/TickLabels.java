package org.knowm.xchart.internal.chartpart;

import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.XYStyler;

/**
 * The tick labels XChart draws on a chart's axes, for tests that check a plot can be read. XChart
 * keeps them in package-private parts; this test helper lives in their package to read them.
 */
public final class TickLabels {
    private TickLabels() {}

    /** The x-axis labels of the chart as drawn at its size. */
    public static List<String> x(XYChart chart) {
        BitmapEncoder.getBufferedImage(chart); // lays the chart out
        return List.copyOf(axes(chart).getXAxis().getAxisTickCalculator().getTickLabels());
    }

    /** The labels of the chart's y-axis as drawn, blanks (unlabelled ticks) left out. */
    public static List<String> y(XYChart chart) {
        BitmapEncoder.getBufferedImage(chart);
        return axes(chart).getYAxis().getAxisTickCalculator().getTickLabels().stream()
                .filter(l -> l != null && !l.isBlank())
                .toList();
    }

    private static AxisPair<?, ?> axes(XYChart chart) {
        Chart<XYStyler, XYSeries> c = chart; // getAxisPair is Chart's, visible in this package only
        return c.getAxisPair();
    }
}
