package io.github.d2l4j.common.plot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.internal.chartpart.TickLabels;

/** The axes of a plot can be read: a few round x labels, and several labelled decades on a log axis. */
class PlotTest {
    /** 4.10's K-fold curves: 100 epochs, an rmse from about 4 down to 0.17, log y. */
    private static XYChart kFoldLike() {
        double[] epochs = new double[100];
        double[] rmse = new double[100];
        for (int i = 0; i < 100; i++) {
            epochs[i] = i + 1;
            rmse[i] = 0.17 + 4 * Math.exp(-i / 20.0);
        }
        Axes axes = Axes.of()
                .withLabels("epoch", "rmse")
                .withScales("linear", "log")
                .withXlim(1, 100);
        XYChart chart = Plot.newChart(axes);
        Plot.addLine(chart, "train", epochs, rmse, "-", 0);
        Plot.setAxes(chart, axes);
        return chart;
    }

    @Test
    void equallySpacedEpochsGetAFewRoundTicksNotOneEveryFewEpochs() {
        List<String> labels = TickLabels.x(kFoldLike());
        assertThat(labels).hasSizeBetween(3, 8);
        assertThat(labels)
                .allSatisfy(l -> assertThat(Double.parseDouble(l) % 10).isZero());
    }

    @Test
    void aLogAxisWithinOneDecadeOrTwoShowsSeveralDecades() {
        XYChart chart = kFoldLike();
        assertThat(chart.getStyler().getYAxisMin()).isEqualTo(0.1);
        assertThat(chart.getStyler().getYAxisMax()).isEqualTo(10.0);
        assertThat(TickLabels.y(chart)).hasSizeGreaterThanOrEqualTo(3);
    }

    @Test
    void logLimitsReachOutToWholeDecadesAtLeastTwo() {
        assertThat(Plot.decades(null, new double[] {0.17, 4, Double.NaN, -1, 0}))
                .containsExactly(0.1, 10.0);
        assertThat(Plot.decades(new double[] {1e-3, 1e2}, new double[] {5})).containsExactly(1e-3, 1e2);
        assertThat(Plot.decades(null, new double[] {0.2, 0.8})).containsExactly(0.1, 10.0);
        assertThat(Plot.decades(null, new double[] {Double.NaN})).isNull();
    }

    /** The point that moves XChart off its tick-per-value mode shows in no legend and on no axis. */
    @Test
    void theHiddenPointChangesNoRangeAndNoLegend() {
        XYChart chart = kFoldLike();
        Plot.setAxes(chart, Axes.of().withScales("linear", "log")); // twice: still one hidden point
        assertThat(chart.getSeriesMap()).hasSize(2);
        var hidden = chart.getSeriesMap().get(" ");
        assertThat(hidden.isShowInLegend()).isFalse();
        assertThat(hidden.getXData()[0]).isBetween(1.0, 2.0);
        assertThat(hidden.getYData()[0])
                .isEqualTo(chart.getSeriesMap().get("train").getYData()[0]);
    }

    @Test
    void linearTicksAreLabelledAsMatplotlibDoes() {
        assertThat(Plot.tickLabel(0.08)).isEqualTo("0.08");
        assertThat(Plot.tickLabel(0.1 + 0.2)).isEqualTo("0.3");
        assertThat(Plot.tickLabel(-0.0)).isEqualTo("0");
        assertThat(Plot.tickLabel(250)).isEqualTo("250");
        assertThat(Plot.tickLabel(-2.5)).isEqualTo("-2.5");
        assertThat(Plot.tickLabel(1e-5)).isEqualTo("0.00001");
    }

    /** 2.6 draws six curves: each has a colour of its own. */
    @Test
    void tenCurvesHaveTenColours() {
        assertThat(java.util.stream.IntStream.range(0, 10)
                        .mapToObj(i -> Plot.colour("-", i))
                        .distinct())
                .hasSize(10);
    }

    @Test
    void curvesOfDifferentLengthsEachWithItsOwnXOnLogLogAxes(@TempDir Path dir) throws Exception {
        Path png = Plot.plot(
                List.of(new double[] {1, 2, 3, 4}, new double[] {1, 2}),
                List.of(new double[] {100, 40, 9, 1}, new double[] {30, 2}),
                Axes.of().withScales("log", "log").withLegend("unigram", "bigram"),
                dir.resolve("zipf.png"));
        assertThat(png).exists().hasFileName("zipf.png");
        assertThat(Files.size(png)).isPositive();
        assertThat(dir.resolve("zipf.svg")).exists();
        assertThatThrownBy(() -> Plot.plot(
                        List.of(new double[] {1, 2}), List.of(new double[] {1}), Axes.of(), dir.resolve("bad.png")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("curve 0 has 2 x values and 1 y values");
        assertThatThrownBy(() -> Plot.plot(List.of(new double[] {1}), List.of(), Axes.of(), dir.resolve("bad.png")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("1 x arrays for 0 curves");
    }

    /** 10.2's plot_kernel_reg: two curves in the legend, the training points drawn but not listed. */
    @Test
    void pointsOverCurvesAreDrawnButNotInTheLegend(@TempDir Path dir) throws Exception {
        Path png = Plot.plotWithPoints(
                new double[] {0, 1, 2},
                List.of(new double[] {0, 1, 4}, new double[] {1, 1, 1}),
                new double[] {0.5, 1.5},
                new double[] {0.3, 2.2},
                Axes.of().withLegend("Truth", "Pred"),
                dir.resolve("fit.png"));
        assertThat(png).exists().hasFileName("fit.png");
        assertThat(Files.size(png)).isPositive();
        assertThat(dir.resolve("fit.svg")).exists();
        assertThatThrownBy(() -> Plot.plotWithPoints(
                        new double[] {0, 1},
                        List.of(new double[] {0, 1}),
                        new double[] {1, 2, 3},
                        new double[] {1},
                        Axes.of(),
                        dir.resolve("bad.png")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("3 x values for 1 points");
        assertThat(dir.resolve("bad.png")).doesNotExist();
    }

    /** numpy's bins: equal widths over all data sets, the last bin closed on the right. */
    @Test
    void histogramCountsAsNumpyDoes() {
        Plot.Histogram h = Plot.histogram(List.of(new double[] {1, 2, 2, 3, 11}, new double[] {1, 6}), 10);
        assertThat(h.edges()).hasSize(11).startsWith(1.0, 2.0).endsWith(11.0);
        assertThat(h.counts().get(0)).containsExactly(1, 2, 1, 0, 0, 0, 0, 0, 0, 1);
        assertThat(h.counts().get(1)).containsExactly(1, 0, 0, 0, 0, 1, 0, 0, 0, 0);
        // all values equal: numpy's range v - 0.5 .. v + 0.5
        Plot.Histogram same = Plot.histogram(List.of(new double[] {4, 4}), 2);
        assertThat(same.edges()).containsExactly(3.5, 4.0, 4.5);
        assertThat(same.counts().get(0)).containsExactly(0, 2);
        assertThatThrownBy(() -> Plot.histogram(List.of(new double[0]), 10))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no values");
        assertThatThrownBy(() -> Plot.histogram(List.of(new double[] {1}), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bins 0");
    }

    @Test
    void histWritesPngAndSvg(@TempDir Path dir) throws Exception {
        Path png = Plot.hist(
                List.of(new double[] {1, 2, 2, 3}, new double[] {2, 4}),
                10,
                Axes.of().withLabels("# tokens per sequence", "count").withLegend("source", "target"),
                dir.resolve("hist.png"));
        assertThat(Files.size(png)).isPositive();
        assertThat(dir.resolve("hist.svg")).isRegularFile();
    }
}
