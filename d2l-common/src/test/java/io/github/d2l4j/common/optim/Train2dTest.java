package io.github.d2l4j.common.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class Train2dTest {

    /** §11.3's gd_2d with eta 0.1 on x1^2 + 2 x2^2: the book prints this line. */
    @Test
    void gradientDescentOnTheBooksObjectivePrintsTheBooksLine() {
        double eta = 0.1;
        List<double[]> results =
                Train2d.train2d(s -> new Train2d.State(s.x1() - eta * 2 * s.x1(), s.x2() - eta * 4 * s.x2(), 0, 0));

        assertThat(results).hasSize(21);
        assertThat(results.get(0)).containsExactly(-5, -2);
        assertThat(Train2d.lastLine(results)).isEqualTo("epoch 20, x1: -0.057646, x2: -0.000073");
        // the closed form: x1 = -5 * 0.8^20, x2 = -2 * 0.6^20
        assertThat(results.get(20)[0]).isEqualTo(-5 * Math.pow(0.8, 20), org.assertj.core.api.Assertions.within(1e-15));
    }

    @Test
    void aTinyNegativeValuePrintsWithItsSignAsPythonDoes() {
        assertThat(Train2d.lastLine(List.of(new double[] {-5, -2}, new double[] {-0.002295, -1e-9})))
                .isEqualTo("epoch 1, x1: -0.002295, x2: -0.000000");
    }

    @Test
    void badStepsAreRefused() {
        assertThatThrownBy(() -> Train2d.train2d(s -> s, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("steps=0");
    }
}
