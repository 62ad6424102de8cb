package io.github.d2l4j.ch03;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.d2l4j.common.train.TrainingDivergedException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LinearRegressionConciseTest {
    @TempDir
    Path out;

    @Test
    void lossDecreasesOnASmallProblem() {
        LinearRegressionConcise.Result r =
                LinearRegressionConcise.run(new LinearRegressionConcise.Config(200, 10, 0.03, 10, 3, out));
        assertThat(r.losses()).hasSize(10);
        assertThat(r.finalLoss()).isLessThan(r.losses()[0]).isLessThan(1e-3);
        assertThat(r.bError()).isCloseTo(0, within(0.02));
        assertThat(r.summary().line("3.3")).startsWith("result section=3.3 epochs=10");
    }

    @Test
    void networkMatchesTheBooksLayer() {
        var net = LinearRegressionConcise.net(0.03, 1);
        assertThat(net.getParam("0_W").shape()).containsExactly(2, 1);
        assertThat(net.getParam("0_b").getDouble(0)).isZero();
        assertThat(net.getParam("0_W").stdNumber().doubleValue()).isLessThan(0.05);
    }

    /** A learning rate far too large: the loss overflows, and the run stops in the epoch it did. */
    @Test
    void aHugeLearningRateEndsInTheDivergenceException() {
        assertThatThrownBy(
                        () -> LinearRegressionConcise.run(new LinearRegressionConcise.Config(200, 10, 1e10, 3, 3, out)))
                .isInstanceOf(TrainingDivergedException.class)
                .hasMessageMatching("training diverged in epoch \\d+: the training loss is (NaN|Infinity|-Infinity)");
    }
}
