package io.github.d2l4j.ch10;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/** 10.3's demos at the book's settings: the masks' zero patterns and both scorings' exact outputs. */
class AttentionScoringFunctionsTest {

    @Test
    void theDemosGiveTheBooksFigures(@TempDir Path dir) {
        AttentionScoringFunctions.Result r =
                AttentionScoringFunctions.run(new AttentionScoringFunctions.Config(42, dir));
        // valid lengths [2, 3]: batch 0 keeps columns 0-1 of both rows, batch 1 columns 0-2
        assertRow(r.masked(), 0, 0, 2);
        assertRow(r.masked(), 0, 1, 2);
        assertRow(r.masked(), 1, 0, 3);
        assertRow(r.masked(), 1, 1, 3);
        // valid lengths [[1, 3], [2, 4]]: one per query row
        assertRow(r.maskedPerQuery(), 0, 0, 1);
        assertRow(r.maskedPerQuery(), 0, 1, 3);
        assertRow(r.maskedPerQuery(), 1, 0, 2);
        assertRow(r.maskedPerQuery(), 1, 1, 4);

        double[][] expected = {{2, 3, 4, 5}, {10, 11, 12, 13}};
        for (INDArray out :
                new INDArray[] {r.additive().output(), r.dotProduct().output()}) {
            assertThat(out.shape()).containsExactly(2, 1, 4);
            for (int b = 0; b < 2; b++) {
                assertThat(out.get(
                                        org.nd4j.linalg.indexing.NDArrayIndex.point(b),
                                        org.nd4j.linalg.indexing.NDArrayIndex.point(0))
                                .toDoubleVector())
                        .containsExactly(expected[b], within(1e-5));
            }
        }
        for (INDArray w :
                new INDArray[] {r.additive().attentionWeights(), r.dotProduct().attentionWeights()}) {
            assertThat(w.shape()).containsExactly(2, 1, 10);
            assertThat(w.getDouble(0, 0, 0)).isCloseTo(0.5, within(1e-6));
            assertThat(w.getDouble(0, 0, 2)).isZero();
            assertThat(w.getDouble(1, 0, 5)).isCloseTo(1.0 / 6, within(1e-6));
            assertThat(w.getDouble(1, 0, 6)).isZero();
        }
        assertThat(r.additiveHeatmap())
                .isEqualTo(dir.resolve("10.3-additive.png"))
                .isRegularFile();
        assertThat(r.dotProductHeatmap())
                .isEqualTo(dir.resolve("10.3-dot-product.png"))
                .isRegularFile();
    }

    /** Row (b, q) sums to 1, is positive on its first {@code valid} columns and exactly 0 after them. */
    private static void assertRow(INDArray w, int b, int q, int valid) {
        double sum = 0;
        for (int k = 0; k < w.size(2); k++) {
            double v = w.getDouble(b, q, k);
            sum += v;
            if (k < valid) {
                assertThat(v).as("(%d, %d, %d)", b, q, k).isPositive();
            } else {
                assertThat(v).as("(%d, %d, %d)", b, q, k).isZero();
            }
        }
        assertThat(sum).isCloseTo(1, within(1e-6));
    }
}
