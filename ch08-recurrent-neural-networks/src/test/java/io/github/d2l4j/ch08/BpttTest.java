package io.github.d2l4j.ch08;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.d2l4j.common.testing.GradientCheck;
import io.github.d2l4j.common.testing.NdAssert;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

class BpttTest {
    @TempDir
    Path out;

    @Test
    void linearNetworkVanishesBelowRadiusOneAndExplodesAboveIt() {
        for (long seed : new long[] {1, 42}) {
            double[] small = Bptt.gradNorms(Bptt.model(16, 50, 0.5, false, seed), seed);
            double[] large = Bptt.gradNorms(Bptt.model(16, 50, 1.5, false, seed), seed);
            assertThat(small).hasSize(50);
            assertThat(small[49]).isLessThan(1e-10 * small[0]);
            assertThat(large[49]).isGreaterThan(1e5 * large[0]);
            // the linear network's product is W_hh^t: the norm's ratio from step to step tends to the radius
            assertThat(small[49] / small[48]).isCloseTo(0.5, within(0.025));
            assertThat(large[49] / large[48]).isCloseTo(1.5, within(0.075));
        }
    }

    @Test
    void tanhVanishesBelowRadiusOneAndSaturationTamesTheExplosion() {
        double[] small = Bptt.gradNorms(Bptt.model(16, 50, 0.5, true, 1), 1);
        double[] large = Bptt.gradNorms(Bptt.model(16, 50, 1.5, true, 1), 1);
        double[] linear = Bptt.gradNorms(Bptt.model(16, 50, 1.5, false, 1), 1);
        assertThat(small[49]).isLessThan(1e-10 * small[0]);
        assertThat(large[49]).isLessThan(1e-3 * linear[49]); // tanh' < 1 where the state saturates
    }

    /** The full SameDiff gradient of L with respect to W_hh against central differences, both activations. */
    @Test
    void fullGradientMatchesFiniteDifferences() {
        for (boolean tanh : new boolean[] {false, true}) {
            Bptt.Model m = Bptt.model(4, 10, 1.2, tanh, 3);
            SameDiff sd = Bptt.lossGraph(m, Bptt.Truncation.FULL, 1);
            INDArray analytic = sd.calculateGradients(Map.of(), "W_hh").get("W_hh");
            INDArray W_hh = sd.getVariable("W_hh").getArr(); // the graph reads it where it lies
            GradientCheck.assertGradientInPlace(
                    "dL/dW_hh, " + (tanh ? "tanh" : "linear"),
                    analytic,
                    W_hh,
                    () -> sd.output(Map.of(), "loss").get("loss").getDouble(0),
                    1e-6,
                    1e-5,
                    1e-9,
                    0,
                    3,
                    5,
                    10,
                    15); // corners, diagonal and off-diagonal: each probe is two forward passes
        }
    }

    @Test
    void truncationAtTheFullLengthOrWithPiOneIsTheFullGradient() {
        Bptt.Model m = Bptt.model(8, 20, 0.9, true, 5);
        INDArray full = Bptt.gradWhh(m, Bptt.Truncation.FULL, 1, Map.of());
        NdAssert.assertClose("tau = T", Bptt.gradWhh(m, Bptt.Truncation.regular(20), 1, Map.of()), full, 1e-12);
        NdAssert.assertClose("pi = 1", Bptt.randomized(m, 1.0, 3, 5), full, 1e-10);
        assertThatThrownBy(() -> Bptt.Truncation.regular(0)).isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * Regular truncation is biased: its error is positive and shrinks as tau grows. Randomised
     * truncation is not: the mean of 2000 estimates lies within 2% of the full gradient, closer
     * than any of them, and closer than regular truncation at the same mean reach (tau = 5, pi =
     * 0.8).
     */
    @ParameterizedTest
    @ValueSource(longs = {1, 42})
    void truncatedIsBiasedAndRandomisedIsNot(long seed) {
        Bptt.Comparison r = Bptt.compare(new Bptt.Config(16, 50, 0.9, 0.8, 2000, seed, out));
        double[] e = r.truncatedRelDiff();
        assertThat(e[0]).isGreaterThan(e[1]);
        assertThat(e[1]).isGreaterThan(e[2]);
        assertThat(e[2]).isGreaterThan(1e-3);
        assertThat(r.randomizedMeanRelDiff()).isLessThan(0.02).isLessThan(e[1]).isLessThan(e[2]);
    }

    @Test
    void runDrawsTheNormsAndReports() {
        Bptt.Result r = Bptt.run(new Bptt.Config(8, 20, 0.9, 0.8, 100, 42, out));
        assertThat(r.plot()).exists().hasFileName("8.7-gradient-norms.png");
        assertThat(r.linearNorms()).hasNumberOfRows(3);
        assertThat(r.tanhNorms()[0]).hasSize(20);
        assertThat(r.summary().toString()).contains("rel_diff_tau5=").contains("rel_diff_random_mean=");
    }

    @Test
    void sameSeedSameNumbers() {
        Bptt.Model m = Bptt.model(8, 20, 0.9, true, 7);
        assertThat(Bptt.gradNorms(m, 7)).containsExactly(Bptt.gradNorms(Bptt.model(8, 20, 0.9, true, 7), 7));
        NdAssert.assertClose("randomised", Bptt.randomized(m, 0.5, 10, 7), Bptt.randomized(m, 0.5, 10, 7), 0);
    }

    @Test
    void badSettingsFailBeforeAnyWork() {
        assertThatThrownBy(() -> new Bptt.Config(16, 50, 0.9, 0, 10, 1, out))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("pi");
        assertThatThrownBy(() -> new Bptt.Config(16, 1, 0.9, 0.5, 10, 1, out))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
