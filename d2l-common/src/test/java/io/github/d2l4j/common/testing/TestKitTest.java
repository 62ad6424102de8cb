package io.github.d2l4j.common.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The shared test kit catches what it is there to catch. */
class TestKitTest {

    @Test
    void closenessChecksTheShapeFirstAndNamesTheElement() {
        INDArray a = Nd4j.create(new double[][] {{1, 2}, {3, 4}});
        NdAssert.assertClose("same", a, a.add(1e-7), 1e-6);
        assertThatThrownBy(() -> NdAssert.assertClose("W", a, a.reshape(4), 1e-6))
                .hasMessageContaining("W: shape");
        INDArray b = a.dup();
        b.putScalar(1, 0, 3.1);
        assertThatThrownBy(() -> NdAssert.assertClose("W", b, a, 1e-3))
                .hasMessageContaining("W: element [1, 0] (flat 2)");
    }

    @Test
    void gradientCheckAcceptsTheTrueGradientAndRejectsAWrongOne() {
        INDArray x = Nd4j.createFromArray(0.5, -1.0, 2.0).castTo(DataType.DOUBLE);
        // f(x) = sum(x^3), f'(x) = 3x^2
        INDArray grad = x.mul(x).muli(3);
        GradientCheck.assertGradient(
                "x^3", grad, v -> v.mul(v).mul(v).sumNumber().doubleValue(), x, 1e-4, 1e-6, 1e-8);
        assertThat(GradientCheck.numericGradient(
                                v -> v.mul(v).mul(v).sumNumber().doubleValue(), x, 1e-4)
                        .getDouble(2))
                .isBetween(11.999, 12.001);
        assertThat(x.getDouble(1)).isEqualTo(-1.0); // x is left alone
        INDArray wrong = grad.dup().putScalar(1, 0.0);
        assertThatThrownBy(() -> GradientCheck.assertGradient(
                        "x^3", wrong, v -> v.mul(v).mul(v).sumNumber().doubleValue(), x, 1e-4, 1e-6, 1e-8, 1))
                .hasMessageContaining("x^3: d/dx at [1] (flat 1)");
    }

    @Test
    void aSampledGradientCheckKeepsTheEndsAndCatchesAWrongEntryItDraws() {
        long[] s = GradientCheck.sample(100, 10, 3);
        assertThat(s).hasSize(10).startsWith(0L).endsWith(99L).isSorted().doesNotHaveDuplicates();
        assertThat(java.util.Arrays.stream(s).allMatch(i -> i >= 0 && i < 100))
                .as("in range")
                .isTrue();
        assertThat(GradientCheck.sample(100, 10, 3)).as("seeded").containsExactly(s);
        assertThat(GradientCheck.sample(100, 10, 4)).as("another seed").isNotEqualTo(s);
        assertThat(GradientCheck.sample(5, 10, 3)).as("small: every entry").containsExactly(0, 1, 2, 3, 4);
        assertThat(GradientCheck.samplePerPart(new long[] {3, 100}, 4, 3))
                .hasSize(7)
                .startsWith(0L, 1L, 2L, 3L) // all of the first part, then the second's first entry
                .endsWith(102L);

        // f(x) = sum(x^3) on 100 entries, with one wrong entry of the gradient at a drawn index
        Nd4j.getRandom().setSeed(1);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 10, 10).subi(0.5);
        INDArray grad = x.mul(x).muli(3);
        java.util.function.ToDoubleFunction<INDArray> f =
                v -> v.mul(v).mul(v).sumNumber().doubleValue();
        GradientCheck.assertGradient("x^3", grad, f, x, 1e-4, 1e-6, 1e-8, s);
        for (long wrongAt : new long[] {0, s[4], 99}) {
            INDArray wrong = grad.dup();
            wrong.reshape(100).putScalar(wrongAt, wrong.reshape(100).getDouble(wrongAt) + 0.01);
            assertThatThrownBy(() -> GradientCheck.assertGradient("x^3", wrong, f, x, 1e-4, 1e-6, 1e-8, s))
                    .as("wrong at %d", wrongAt)
                    .hasMessageContaining("(flat " + wrongAt + ")");
        }
        // the same central differences on a parameter read in place, which they leave as it was
        INDArray param = x.dup();
        double[] inPlace = GradientCheck.centralDifferencesInPlace(param, () -> f.applyAsDouble(param), 1e-4, s);
        for (int k = 0; k < s.length; k++) {
            assertThat(inPlace[k]).isCloseTo(grad.reshape(100).getDouble(s[k]), within(1e-6));
        }
        assertThat(param).isEqualTo(x);
        assertThatThrownBy(() -> GradientCheck.sample(100, 1, 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("count must be at least 2");
        assertThatThrownBy(() -> GradientCheck.sample(0, 10, 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("length must be positive, got 0");
    }
}
