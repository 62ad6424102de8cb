package io.github.d2l4j.ch11;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.d2l4j.common.optim.HeavyBallMomentum;
import io.github.d2l4j.common.optim.Train2d;
import io.github.d2l4j.common.testing.NdAssert;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class MomentumTest {

    @Test
    void gradientDescentTracesAreTheBooks() {
        assertThat(Train2d.lastLine(Train2d.train2d(Momentum.gd2d(0.4))))
                .isEqualTo("epoch 20, x1: -0.943467, x2: -0.000073");
        assertThat(Train2d.lastLine(Train2d.train2d(Momentum.gd2d(0.6))))
                .isEqualTo("epoch 20, x1: -0.387814, x2: -1673.365109");
    }

    @Test
    void momentumTracesAreTheBooks() {
        assertThat(Train2d.lastLine(Train2d.train2d(Momentum.momentum2d(0.6, 0.5))))
                .isEqualTo("epoch 20, x1: 0.007188, x2: 0.002553");
        assertThat(Train2d.lastLine(Train2d.train2d(Momentum.momentum2d(0.6, 0.25))))
                .isEqualTo("epoch 20, x1: -0.126340, x2: -0.186632");
    }

    @Test
    void momentumWithBetaZeroIsGradientDescent() {
        List<double[]> gd = Train2d.train2d(Momentum.gd2d(0.4));
        List<double[]> m0 = Train2d.train2d(Momentum.momentum2d(0.4, 0));
        for (int i = 0; i < gd.size(); i++) {
            // equal but for rounding: (eta 0.2) x against eta (0.2 x)
            assertThat(m0.get(i)[0]).isCloseTo(gd.get(i)[0], org.assertj.core.api.Assertions.within(1e-12));
            assertThat(m0.get(i)[1]).isCloseTo(gd.get(i)[1], org.assertj.core.api.Assertions.within(1e-12));
        }
    }

    /** The scratch {@code sgd_momentum} and d2l-common's heavy-ball DL4J updater, step for step. */
    @Test
    void scratchMomentumMatchesTheDl4jUpdaterStepForStep() {
        List<INDArray> grads = UpdaterSteps.gradients(12, 5, 1, 7);
        INDArray start = Nd4j.rand(DataType.FLOAT, 5, 1);
        Map<String, Double> hyperparams = new HashMap<>(Map.of("lr", 0.005, "momentum", 0.9));

        List<INDArray> scratch = UpdaterSteps.scratch(
                Momentum::sgdMomentum, Momentum.initMomentumStates(5).get(0), hyperparams, start, grads);
        List<INDArray> dl4j = UpdaterSteps.dl4j(new HeavyBallMomentum(0.005, 0.9), start, grads);

        for (int i = 0; i < grads.size(); i++) {
            NdAssert.assertClose("step " + i, scratch.get(i), dl4j.get(i), 1e-6);
        }
    }

    @Test
    void theStatesAreShapedLikeTheParameters() {
        List<INDArray[]> states = Momentum.initMomentumStates(5);
        assertThat(states.get(0)[0].shape()).containsExactly(5, 1);
        assertThat(states.get(1)[0].shape()).containsExactly(1);
        assertThat(states.get(0)[0].sumNumber().doubleValue()).isZero();
    }

    /** The concise run is {@code torch.optim.SGD(lr=0.005, momentum=0.9)}. */
    @Test
    void theConciseRunsUpdaterHasTheBooksSettings() {
        HeavyBallMomentum u = Momentum.conciseUpdater();
        assertThat(u.getLearningRate(0, 0)).isEqualTo(0.005);
        assertThat(u.momentum()).isEqualTo(0.9);
    }
}
