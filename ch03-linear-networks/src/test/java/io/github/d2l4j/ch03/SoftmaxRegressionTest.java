package io.github.d2l4j.ch03;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class SoftmaxRegressionTest {

    @Test
    void naiveFormulasBreakAndStableOnesDoNot() {
        SoftmaxRegression.Result r = SoftmaxRegression.run(new SoftmaxRegression.Config(1));
        assertThat(r.exp50()).isCloseTo(5.1847055e21f, within(1e16f));
        assertThat(r.exp100()).isInfinite();
        assertThat(r.naiveSoftmax()[1]).isNaN();
        assertThat(r.stableSoftmax()[1]).isCloseTo(1f, within(1e-6f));
        assertThat(r.stableSoftmax()[0] + r.stableSoftmax()[1] + r.stableSoftmax()[2])
                .isCloseTo(1f, within(1e-6f));
        assertThat(r.naiveLoss()).isInfinite();
        assertThat(r.stableLoss()).isCloseTo(120f, within(1e-3f));
        assertThat(r.maxGradientError()).isLessThan(1e-9);
    }
}
