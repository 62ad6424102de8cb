package io.github.d2l4j.ch04;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NumericalStabilityTest {
    @TempDir
    Path out;

    @Test
    void vanishingExplodingAndXavier() {
        NumericalStability.Result r = NumericalStability.run(new NumericalStability.Config(100, 10, 256, 1, out));
        assertThat(r.sigmoidGradAt0()).isCloseTo(0.25, within(1e-12));
        assertThat(r.sigmoidGradAt8()).isLessThan(1e-3).isPositive();
        assertThat(r.productMax()).isGreaterThan(1e10);
        assertThat(r.variances()[0][9]).isGreaterThan(1e10); // N(0, 1): explodes
        assertThat(r.variances()[1][9]).isLessThan(1e-10); // N(0, 0.01^2): vanishes
        assertThat(Arrays.stream(r.variances()[2]).boxed().toList())
                .allSatisfy(v -> assertThat(v).isBetween(0.5, 2.0)); // Xavier: about constant
        assertThat(r.plot()).exists();
    }
}
