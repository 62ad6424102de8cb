package io.github.d2l4j.ch04;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.d2l4j.common.train.TrainingDivergedException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnderfitOverfitTest {
    @TempDir
    Path out;

    UnderfitOverfit.Config config(int epochs) {
        return new UnderfitOverfit.Config(20, 100, 100, 0.01, epochs, epochs, 1, out);
    }

    @Test
    void polynomialFeaturesAreScaledPowers() {
        UnderfitOverfit.PolyData d = UnderfitOverfit.polyData(config(1));
        assertThat(d.features().shape()).containsExactly(200, 21);
        assertThat(d.labels().shape()).containsExactly(200, 1);
        for (int i = 0; i < 5; i++) {
            double x = d.features().getDouble(i, 1);
            assertThat(d.features().getDouble(i, 0)).isEqualTo(1.0);
            assertThat(d.features().getDouble(i, 2)).isCloseTo(x * x / 2, within(1e-5));
            assertThat(d.features().getDouble(i, 3)).isCloseTo(x * x * x / 6, within(1e-5));
            double y = 5 + 1.2 * x - 3.4 * x * x / 2 + 5.6 * x * x * x / 6;
            assertThat(d.labels().getDouble(i, 0)).isCloseTo(y, within(0.5)); // noise sd 0.1
        }
    }

    @Test
    void cubicBeatsLinearAfterAShortFit() {
        UnderfitOverfit.Config c = config(60);
        UnderfitOverfit.PolyData d = UnderfitOverfit.polyData(c);
        UnderfitOverfit.Fit cubic = UnderfitOverfit.train("cubic", d, 4, 60, c);
        UnderfitOverfit.Fit linear = UnderfitOverfit.train("linear", d, 2, 60, c);
        assertThat(cubic.weights()).hasSize(4);
        assertThat(cubic.testLoss()).isLessThan(linear.testLoss());
        assertThat(cubic.weights()[0]).isCloseTo(5, within(0.5));
        assertThat(out.resolve("4.4-cubic.png")).exists();
    }

    @Test
    void badConfigIsRejected() {
        assertThatThrownBy(() -> new UnderfitOverfit.Config(20, 0, 100, 0.01, 400, 1500, 1, out))
                .hasMessageContaining("number of training points must be positive");
    }

    /** A learning rate far too large: the loss overflows, and the fit stops in the epoch it did. */
    @Test
    void aHugeLearningRateEndsInTheDivergenceException() {
        UnderfitOverfit.Config c = new UnderfitOverfit.Config(20, 100, 100, 1e10, 20, 20, 1, out);
        assertThatThrownBy(() -> UnderfitOverfit.train("cubic", UnderfitOverfit.polyData(c), 4, 20, c))
                .isInstanceOf(TrainingDivergedException.class)
                .hasMessageMatching("training diverged in epoch \\d+: the training loss is (NaN|Infinity|-Infinity)");
    }
}
