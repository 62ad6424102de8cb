package io.github.d2l4j.common.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DivergenceTest {
    @Test
    void aFiniteLossPassesThrough() {
        assertThat(Divergence.requireFinite(1, 0.25)).isEqualTo(0.25);
        assertThat(Divergence.requireFinite(2, -3e38)).isEqualTo(-3e38);
    }

    @Test
    void nanOrInfinityStopsTheRunNamingTheEpoch() {
        for (double loss : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            assertThatThrownBy(() -> Divergence.requireFinite(7, loss))
                    .isInstanceOfSatisfying(
                            TrainingDivergedException.class,
                            e -> assertThat(e.epoch()).isEqualTo(7))
                    .hasMessage("training diverged in epoch 7: the training loss is " + loss);
        }
    }
}
