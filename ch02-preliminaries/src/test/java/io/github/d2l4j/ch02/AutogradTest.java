package io.github.d2l4j.ch02;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.d2l4j.common.testing.GradientCheck;
import io.github.d2l4j.common.testing.NdAssert;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class AutogradTest {
    final Autograd.Result r = Autograd.run(new Autograd.Config(7));

    @Test
    void theBooksGradients() {
        assertThat(r.gradTwoDot()).containsExactly(0, 4, 8, 12);
        assertThat(r.gradSum()).containsExactly(1, 1, 1, 1);
        assertThat(r.accumulated()).containsExactly(1, 5, 9, 13);
        assertThat(r.gradSquare()).containsExactly(0, 2, 4, 6);
        assertThat(r.gradDetached()).containsExactly(r.u());
        assertThat(r.u()).containsExactly(0, 1, 4, 9);
        assertThat(r.gradControl()).isCloseTo(r.d() / r.a(), within(1e-9 * Math.abs(r.d() / r.a())));
    }

    /** Central differences of sum(f(x)), to 1e-3 relative. */
    static INDArray numericGrad(UnaryOperator<SDVariable> f, INDArray x0, double h) {
        return GradientCheck.numericGradient(x -> Autograd.value(f, x), x0, h);
    }

    static void assertMatches(INDArray autodiff, INDArray numeric) {
        NdAssert.assertClose("SameDiff's gradient against central differences", autodiff, numeric, 1e-3, 1e-6);
    }

    @Test
    void everyGradientMatchesFiniteDifferences() {
        INDArray x = Nd4j.createFromArray(0.5, 1.0, 2.0, 3.0);
        assertMatches(Autograd.grad(Autograd::twoDot, x), numericGrad(Autograd::twoDot, x, 1e-4));
        assertMatches(Autograd.grad(SDVariable::sum, x), numericGrad(SDVariable::sum, x, 1e-4));
        assertMatches(Autograd.grad(Autograd::square, x), numericGrad(Autograd::square, x, 1e-4));
        // detach: finite differences of z = u * x with u held at its value
        INDArray u = x.mul(x);
        assertMatches(
                Autograd.grad(Autograd::detachedProduct, x),
                numericGrad(v -> v.mul(v.getSameDiff().constant(u)), x, 1e-4));
        INDArray a = Nd4j.createFromArray(-0.7);
        assertMatches(Autograd.grad(Autograd::controlFlow, a), numericGrad(Autograd::controlFlow, a, 1e-6));
    }
}
