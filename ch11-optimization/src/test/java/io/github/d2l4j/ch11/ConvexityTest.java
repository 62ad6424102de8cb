package io.github.d2l4j.ch11;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.d2l4j.common.plot.Contours;
import io.github.d2l4j.common.section.Summary;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** 11.2: the chords of the convex functions lie above their graphs, the cosine's does not; four figures. */
class ConvexityTest {

    @Test
    void onlyTheNonconvexCosineHasAChordBelowItsGraph(@TempDir Path dir) {
        Convexity.Result r = Convexity.run(new Convexity.Config(dir));
        assertThat(r.chordAbove()).containsExactly(true, false, true, true);
        assertThat(r.plots())
                .extracting(p -> p.getFileName().toString())
                .containsExactly("11.2-f.png", "11.2-g.png", "11.2-h.png", "11.2-local-minimum.png");
        assertThat(r.plots()).allSatisfy(p -> assertThat(p).isRegularFile());
        Map<String, String> s = Summary.parse(r.summary().line("11.2"));
        assertThat(s).containsEntry("chord_above_g", "false").containsEntry("chord_above_f", "true");
    }

    @Test
    void aConcaveFunctionsChordLiesBelow() {
        double[] x = Contours.arange(-2, 2, 0.01);
        assertThat(Convexity.chordAbove(x, v -> -v * v)).isFalse();
        assertThat(Convexity.chordAbove(x, v -> 3 * v + 1)).isTrue(); // a line is its own chord
    }
}
