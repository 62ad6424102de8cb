package io.github.d2l4j.common.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

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

    @Test
    void timerMedianIsTheMiddleTimeOrTheMeanOfTheTwoMiddleOnes() throws InterruptedException {
        Timer t = new Timer();
        assertThat(new Timer().median()).isZero(); // nothing recorded yet
        for (int ms : new int[] {30, 1, 12}) {
            t.start();
            Thread.sleep(ms);
            t.stop();
        }
        double[] sorted =
                t.times().stream().mapToDouble(Double::doubleValue).sorted().toArray();
        assertThat(t.median()).isEqualTo(sorted[1]).isGreaterThanOrEqualTo(0.012);
        t.start();
        Thread.sleep(50);
        t.stop();
        sorted = t.times().stream().mapToDouble(Double::doubleValue).sorted().toArray();
        assertThat(t.median()).isCloseTo((sorted[1] + sorted[2]) / 2, within(1e-12));
        assertThat(t.median()).isLessThan(t.avg()); // one slow time moves the mean, not the median
    }

    /**
     * The training loop's fast path (float rows compared in Java) against the plain path (ND4J's
     * argmax), on random probabilities, logits and one-hot labels, with ties in every third row.
     */
    @Test
    void accuracyFastPathAgreesWithThePlainPath() {
        Nd4j.getRandom().setSeed(7);
        for (int trial = 0; trial < 20; trial++) {
            int n = 1 + trial * 13;
            int q = 2 + trial % 9;
            var logits = Nd4j.randn(DataType.FLOAT, n, q).muli(3);
            for (int r = 0; r < n; r += 3) { // a tie for the maximum: both paths pick the first
                float max = logits.getRow(r).maxNumber().floatValue();
                logits.putScalar(r, 0, max);
                logits.putScalar(r, q - 1, max);
            }
            var probabilities = Transforms.softmax(logits, true);
            var labels = Nd4j.zeros(DataType.FLOAT, n, q);
            for (int r = 0; r < n; r++) {
                labels.putScalar(r, (r * 7 + trial) % q, 1f);
            }
            for (var yHat : new INDArray[] {logits, probabilities}) {
                double fast = Metrics.accuracy(yHat, labels);
                double plain = plainAccuracy(yHat, labels);
                assertThat(fast).as("trial %d, n %d, q %d", trial, n, q).isEqualTo(plain);
            }
        }
    }

    /** Accuracy by ND4J's argmax on double copies, which the fast path does not take. */
    private static double plainAccuracy(INDArray yHat, INDArray y) {
        long[] predicted = Metrics.classIndices(yHat.castTo(DataType.DOUBLE));
        long[] truth = Metrics.classIndices(y.castTo(DataType.DOUBLE));
        int correct = 0;
        for (int i = 0; i < truth.length; i++) {
            correct += predicted[i] == truth[i] ? 1 : 0;
        }
        return correct;
    }
}
