package io.github.d2l4j.ch05;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.d2l4j.common.block.Linear;
import io.github.d2l4j.common.block.Sequential;
import io.github.d2l4j.common.testing.GradientCheck;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ParametersTest {

    @Test
    void theBooksPrintedValuesHold() {
        Parameters.Result r = Parameters.run(new Parameters.Config(1));
        assertThat(r.shapes().keySet()).containsExactly("0.weight", "0.bias", "2.weight", "2.bias");
        assertThat(r.shapes().get("0.weight")).containsExactly(8, 4);
        assertThat(r.shapes().get("0.bias")).containsExactly(8);
        assertThat(r.shapes().get("2.weight")).containsExactly(1, 8);
        assertThat(r.shapes().get("2.bias")).containsExactly(1);
        assertThat(r.dl4jShapes().get("0_W")).containsExactly(4, 8); // DL4J: (in, out)
        assertThat(r.dl4jShapes().get("1_W")).containsExactly(8, 1);
        assertThat(r.gradBefore()).isFalse();
        assertThat(r.gradAfter()).isTrue();
        assertThat(r.customInit()).containsExactly("Init weight (8, 4)", "Init weight (1, 8)");
        assertThat(r.tiedEqualAfterEdit()).isTrue();
        assertThat(r.tree()).contains("(block 3): Sequential(").contains("(1): Linear(in_features=4, out_features=1");
    }

    @Test
    void builtInAndCustomInitialisationDoWhatTheySay() {
        Nd4j.getRandom().setSeed(2);
        Sequential net = new Sequential(new Linear(4, 8), new io.github.d2l4j.common.block.Relu(), new Linear(8, 1));
        Parameters.eachLinear(net, l -> l.weight().assign(1));
        assertThat(((Linear) net.child("2")).weight().minNumber().doubleValue()).isEqualTo(1.0);
        INDArray w = Nd4j.zeros(DataType.FLOAT, 200, 100);
        Parameters.xavierUniform(w);
        double a = Math.sqrt(6.0 / 300);
        assertThat(w.amaxNumber().doubleValue()).isLessThanOrEqualTo(a).isGreaterThan(0.9 * a);
        assertThat(Parameters.myInit(w)).isEqualTo("Init weight (200, 100)");
        for (double v : w.reshape(w.length()).toDoubleVector()) { // U(-10, 10) with |w| < 5 zeroed
            assertThat(v == 0 || (Math.abs(v) >= 5 && Math.abs(v) <= 10))
                    .as("w = %s", v)
                    .isTrue();
        }
        assertThat(w.eq(0).castTo(DataType.FLOAT).meanNumber().doubleValue()).isCloseTo(0.5, within(0.02));
    }

    /** The shared layer's gradient is the sum of both uses: checked against finite differences. */
    @Test
    void tiedParametersGetTheSumOfBothUsesGradients() {
        Nd4j.getRandom().setSeed(4);
        Linear shared = new Linear(8, 8);
        Sequential net = Parameters.tiedNet(shared);
        INDArray X = Nd4j.rand(DataType.FLOAT, 2, 4).addi(0.5);
        net.backward(X, y -> y.mul(y)); // sum of squares: smooth enough for central differences
        GradientCheck.assertGradientInPlace(
                "d loss / d shared.weight",
                shared.grad("weight"),
                shared.weight(),
                () -> net.apply(X).mul(net.apply(X)).sumNumber().doubleValue(),
                1e-2,
                2e-2,
                1e-3);
        assertThat(net.namedParameters().keySet())
                .containsExactly("0.weight", "0.bias", "2.weight", "2.bias", "6.weight", "6.bias"); // "4" is "2" again
    }

    /** DL4J gives each layer its own view of the flat parameter vector: nothing is shared. */
    @Test
    void dl4jLayersCannotShareParameters() {
        MultiLayerNetwork a = Parameters.dl4jNet(1, WeightInit.XAVIER.getWeightInitFunction(), WeightInit.XAVIER);
        INDArray w0 = a.getParam("0_W");
        INDArray w1 = a.getParam("1_W");
        double before = w1.getDouble(0, 0);
        w0.putScalar(0, 0, 100);
        assertThat(w1.getDouble(0, 0)).isEqualTo(before);
        assertThat(a.params().getDouble(0)).isEqualTo(100.0); // a view into the one flat vector
    }

    @Test
    void dl4jHasNoGradientBeforeTheBackwardPassAndOneAfter() {
        MultiLayerNetwork net = Parameters.dl4jInitialised(3, true);
        assertThat(net.gradient()).isNull();
        net.setInput(Nd4j.rand(DataType.FLOAT, 2, 4));
        net.setLabels(Nd4j.zeros(DataType.FLOAT, 2, 1));
        net.computeGradientAndScore();
        assertThat(net.gradient().getGradientFor("0_W").shape()).containsExactly(4, 8);
        assertThat(net.getParam("0_W").stdNumber().doubleValue()).isCloseTo(0.01, within(0.005));
        assertThat(Parameters.dl4jInitialised(3, false)
                        .getParam("0_W")
                        .minNumber()
                        .doubleValue())
                .isEqualTo(1.0);
    }
}
