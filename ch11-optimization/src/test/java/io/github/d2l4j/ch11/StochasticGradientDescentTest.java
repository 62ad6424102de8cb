package io.github.d2l4j.ch11;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.d2l4j.common.optim.Train2d;
import io.github.d2l4j.common.section.Summary;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 11.4: the noise is random (unseeded in the book), so the tests assert the book's claims about the
 * runs over several seeds, the schedules' values exactly, and the sampling probabilities.
 */
class StochasticGradientDescentTest {
    private static final int SEEDS = 10;

    @Test
    void theSchedulesIncrementTBeforeTheyComputeTheRate() {
        DoubleSupplier exp = StochasticGradientDescent.exponentialLr();
        assertThat(exp.getAsDouble()).isEqualTo(Math.exp(-0.2));
        assertThat(exp.getAsDouble()).isEqualTo(Math.exp(-0.3));
        DoubleSupplier poly = StochasticGradientDescent.polynomialLr();
        assertThat(poly.getAsDouble()).isEqualTo(Math.pow(1.2, -0.5));
        assertThat(poly.getAsDouble()).isEqualTo(Math.pow(1.3, -0.5));
        assertThat(StochasticGradientDescent.constantLr().getAsDouble()).isEqualTo(1);
    }

    /**
     * Constant rate: the noise keeps x from converging. Noiseless, 50 steps would leave |x| below
     * 1e-4; with it, x1 <- 0.8 x1 - 0.1 n settles to a variance of 0.01 / 0.36 and x2 to 0.01 /
     * 0.64: a mean squared distance of 0.043 from the optimum.
     */
    @Test
    void theConstantRateRunStaysNoisyNearTheOptimum() {
        double meanSquare = 0;
        for (long seed = 0; seed < SEEDS; seed++) {
            double[] x = last(Train2d.train2d(
                    StochasticGradientDescent.sgd(StochasticGradientDescent.constantLr(), new Random(seed)), 50));
            meanSquare += (x[0] * x[0] + x[1] * x[1]) / SEEDS;
        }
        assertThat(meanSquare).isBetween(0.015, 0.09);
        double[] noiseless = last(Train2d.train2d(
                StochasticGradientDescent.sgd(StochasticGradientDescent.constantLr(), zeroNoise()), 50));
        assertThat(Math.hypot(noiseless[0], noiseless[1])).isLessThan(1e-4);
    }

    /**
     * Exponential decay: the steps sum to about 0.86, so x1 shrinks by about e^-1.8 at most and
     * ends far from 0 (-0.83 without noise) after 1000 steps; the polynomial decay, in 50 steps,
     * ends much closer on average.
     */
    @Test
    void theExponentialRunStopsShortAndThePolynomialRunGetsCloser() {
        double expDistance = 0;
        double polyDistance = 0;
        for (long seed = 0; seed < SEEDS; seed++) {
            double[] e = last(Train2d.train2d(
                    StochasticGradientDescent.sgd(StochasticGradientDescent.exponentialLr(), new Random(seed)), 1000));
            assertThat(Math.abs(e[0])).as("seed %d", seed).isGreaterThan(0.4);
            double[] p = last(Train2d.train2d(
                    StochasticGradientDescent.sgd(StochasticGradientDescent.polynomialLr(), new Random(seed)), 50));
            expDistance += Math.hypot(e[0], e[1]) / SEEDS;
            polyDistance += Math.hypot(p[0], p[1]) / SEEDS;
        }
        assertThat(polyDistance).isLessThan(expDistance / 2);
        double[] noiseless = last(Train2d.train2d(
                StochasticGradientDescent.sgd(StochasticGradientDescent.exponentialLr(), zeroNoise()), 1000));
        assertThat(noiseless[0]).isCloseTo(-0.8257, within(1e-4));
    }

    @Test
    void samplingWithReplacementPicksAnExampleAtLeastOnceWithChance063AndExactlyOnceWith037() {
        assertThat(StochasticGradientDescent.atLeastOnce(10)).isCloseTo(1 - Math.pow(0.9, 10), within(1e-15));
        assertThat(StochasticGradientDescent.exactlyOnce(10)).isCloseTo(Math.pow(0.9, 9), within(1e-15));
        assertThat(StochasticGradientDescent.atLeastOnce(10000)).isCloseTo(1 - Math.exp(-1), within(1e-4));
        assertThat(StochasticGradientDescent.exactlyOnce(10000)).isCloseTo(Math.exp(-1), within(1e-4));
        assertThatThrownBy(() -> StochasticGradientDescent.atLeastOnce(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("n=0");
    }

    @Test
    void aRunRepeatsWithItsSeedAndReturnsItsPlots(@TempDir Path dir) {
        StochasticGradientDescent.Result a =
                StochasticGradientDescent.run(new StochasticGradientDescent.Config(7, dir));
        StochasticGradientDescent.Result b =
                StochasticGradientDescent.run(new StochasticGradientDescent.Config(7, dir));
        StochasticGradientDescent.Result other =
                StochasticGradientDescent.run(new StochasticGradientDescent.Config(8, dir));
        assertThat(a.lines()).isEqualTo(b.lines()).isNotEqualTo(other.lines()).hasSize(3);
        assertThat(a.lines().get(0)).startsWith("epoch 50, x1: ");
        assertThat(a.lines().get(1)).startsWith("epoch 1000, x1: ");
        assertThat(a.lines().get(2)).startsWith("epoch 50, x1: ");
        assertThat(a.constant()).hasSize(51);
        assertThat(a.exponential()).hasSize(1001);
        assertThat(a.plots()).hasSize(3).allSatisfy(p -> assertThat(p).isRegularFile());
        Map<String, String> s = Summary.parse(a.summary().line("11.4"));
        assertThat(s)
                .containsEntry("p_at_least_once", "0.63")
                .containsEntry("p_exactly_once", "0.37")
                .containsEntry(
                        "exponential", dir.resolve("11.4-exponential.png").toString());
    }

    /** A Random whose Gaussian draws are all 0: the noiseless run. */
    private static Random zeroNoise() {
        return new Random() {
            private static final long serialVersionUID = 1L;

            @Override
            public synchronized double nextGaussian() {
                return 0;
            }
        };
    }

    private static double[] last(List<double[]> trace) {
        return trace.get(trace.size() - 1);
    }
}
