package io.github.d2l4j.common.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
}
