package io.github.d2l4j.ch11;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.d2l4j.common.section.Summary;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** 11.1: the six figures exist, and what they show holds on the plotted grids. */
class OptimizationIntroTest {

    @Test
    void theFiguresAreWrittenAndWhatTheyShowHolds(@TempDir Path dir) {
        OptimizationIntro.Result r = OptimizationIntro.run(new OptimizationIntro.Config(dir));
        assertThat(r.plots())
                .extracting(p -> p.getFileName().toString())
                .containsExactly(
                        "11.1-risk.png",
                        "11.1-minima.png",
                        "11.1-saddle.png",
                        "11.1-saddle-3d-contour.png",
                        "11.1-saddle-3d-heatmap.png",
                        "11.1-vanishing.png");
        assertThat(r.plots()).allSatisfy(p -> assertThat(p).isRegularFile().hasParent(dir));

        // the empirical risk's minimum is not the risk's: near 1.0 and 1.1, where the book's arrows point
        assertThat(r.empiricalRiskArgmin()).isCloseTo(1.0, within(0.03));
        assertThat(r.riskArgmin()).isCloseTo(1.1, within(0.03));
        // the local minimum near -0.3 is higher than the global one near 1.1
        assertThat(r.localMinimum()).isCloseTo(-0.3, within(0.05));
        assertThat(r.globalMinimum()).isCloseTo(1.1, within(0.03));
        assertThat(OptimizationIntro.f(r.globalMinimum())).isLessThan(OptimizationIntro.f(r.localMinimum()));
        assertThat(r.tanhGradientAt4()).isCloseTo(0.00134, within(1e-5));

        Map<String, String> s = Summary.parse(r.summary().line("11.1"));
        assertThat(s)
                .containsEntry("argmin_risk", "1.0900")
                .containsEntry("argmin_empirical_risk", "1.0200")
                .containsEntry("risk", dir.resolve("11.1-risk.png").toString());
    }

    @Test
    void linspaceIncludesBothEnds() {
        double[] g = OptimizationIntro.linspace(-1, 1, 101);
        assertThat(g).hasSize(101);
        assertThat(g[0]).isEqualTo(-1);
        assertThat(g[50]).isEqualTo(0);
        assertThat(g[100]).isEqualTo(1);
    }
}
