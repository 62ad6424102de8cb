package io.github.d2l4j.common.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

class MetricsTest {

    @Test
    void accumulatorAddsResetsAndChecksArity() {
        Accumulator a = new Accumulator(2);
        a.add(1, 2);
        a.add(0.5, 3);
        assertThat(a.get(0)).isCloseTo(1.5, within(1e-12));
        assertThat(a.get(1)).isCloseTo(5, within(1e-12));
        a.reset();
        assertThat(a.get(1)).isZero();
        assertThatThrownBy(() -> a.add(1)).hasMessageContaining("expected 2 values, got 1");
        assertThatThrownBy(() -> new Accumulator(0)).isInstanceOf(IllegalArgumentException.class);
    }

    /** The book's toy: one of two predictions is right. */
    @Test
    void accuracyOfTheBooksToyIsOneOfTwo() {
        var yHat = Nd4j.create(new double[][] {{0.1, 0.3, 0.6}, {0.3, 0.2, 0.5}});
        var y = Nd4j.createFromArray(0L, 2L);
        assertThat(Metrics.accuracy(yHat, y) / 2).isCloseTo(0.5, within(1e-12));
        var oneHot = Nd4j.create(new double[][] {{1, 0, 0}, {0, 0, 1}});
        assertThat(Metrics.accuracy(yHat, oneHot)).isEqualTo(1.0);
    }

    @Test
    void accuracyRejectsMismatchedCounts() {
        var yHat = Nd4j.create(new double[][] {{0.1, 0.9}, {0.8, 0.2}});
        assertThatThrownBy(() -> Metrics.accuracy(yHat, Nd4j.createFromArray(1L, 0L, 1L)))
                .hasMessageContaining("2 predictions but 3 labels");
    }

    @Test
    void timerRecordsAndSummarises() throws InterruptedException {
        Timer t = new Timer();
        Thread.sleep(5);
        t.stop();
        t.start();
        t.stop();
        assertThat(t.times()).hasSize(2);
        assertThat(t.sum()).isGreaterThanOrEqualTo(0.005);
        assertThat(t.cumsum()[1]).isCloseTo(t.sum(), within(1e-12));
        assertThat(t.avg()).isCloseTo(t.sum() / 2, within(1e-12));
    }
}
