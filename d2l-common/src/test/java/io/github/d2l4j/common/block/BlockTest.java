package io.github.d2l4j.common.block;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.d2l4j.common.testing.GradientCheck;
import io.github.d2l4j.common.testing.NdAssert;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

class BlockTest {

    @Test
    void linearComputesXWtPlusBWithPyTorchsShapesAndInit() {
        Nd4j.getRandom().setSeed(1);
        Linear l = new Linear(400, 3);
        assertThat(l.weight().shape()).containsExactly(3, 400);
        assertThat(l.bias().shape()).containsExactly(3);
        double bound = 1 / Math.sqrt(400);
        assertThat(l.weight().amaxNumber().doubleValue())
                .isLessThanOrEqualTo(bound)
                .isGreaterThan(0.9 * bound);
        INDArray X = Nd4j.rand(DataType.FLOAT, 2, 400);
        NdAssert.assertClose(
                "Linear", l.apply(X), X.mmul(l.weight().transpose()).addRowVector(l.bias()), 1e-5);
        assertThatThrownBy(() -> new Linear(0, 3)).hasMessageContaining("positive sizes");
    }

    @Test
    void linearWithoutBiasIsXWtWithTheWeightAlone() {
        Nd4j.getRandom().setSeed(2);
        Linear l = new Linear(5, 3, false);
        assertThat(l.hasBias()).isFalse();
        assertThat(l.namedParameters()).containsOnlyKeys("weight");
        assertThat(l.toString()).isEqualTo("Linear(in_features=5, out_features=3, bias=False)");
        INDArray X = Nd4j.rand(DataType.FLOAT, 2, 5);
        NdAssert.assertClose(
                "Linear without bias", l.apply(X), X.mmul(l.weight().transpose()), 1e-6);
        assertThatThrownBy(l::bias).hasMessageContaining("no parameter 'bias'");
    }

    @Test
    void namesFollowPyTorchAndATiedBlockIsListedOnce() {
        Linear shared = new Linear(8, 8);
        Sequential net = new Sequential(new Linear(4, 8), new Relu(), shared, new Relu(), shared, new Linear(8, 1));
        assertThat(net.namedParameters().keySet())
                .containsExactly("0.weight", "0.bias", "2.weight", "2.bias", "5.weight", "5.bias");
        assertThat(net.child("2")).isSameAs(net.child("4"));
        assertThat(net.toString())
                .startsWith("Sequential(\n  (0): Linear(in_features=4, out_features=8, bias=True)\n  (1): ReLU()");
        assertThatThrownBy(() -> net.child("9")).hasMessageContaining("has no child '9'");
        assertThatThrownBy(() -> shared.parameter("W")).hasMessageContaining("has no parameter 'W'");
    }

    /** backward keeps each parameter's gradient; it is absent before and exact after. */
    @Test
    void backwardGivesEveryParameterItsGradient() {
        Nd4j.getRandom().setSeed(2);
        Linear a = new Linear(3, 4);
        Sequential net = new Sequential(a, new Relu(), new Linear(4, 2));
        INDArray X = Nd4j.rand(DataType.FLOAT, 5, 3);
        assertThat(a.grad("weight")).isNull();
        net.backward(X, y -> y.mul(y));
        GradientCheck.assertGradientInPlace(
                "d sum(net(X)^2) / d a.weight",
                a.grad("weight"),
                a.weight(),
                () -> Transforms.pow(net.apply(X), 2).sumNumber().doubleValue(),
                1e-2,
                2e-2,
                1e-3);
    }
}
