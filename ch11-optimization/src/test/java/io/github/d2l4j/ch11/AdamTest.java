package io.github.d2l4j.ch11;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

import io.github.d2l4j.common.testing.NdAssert;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class AdamTest {

    @Test
    void theStepCountLivesInTheHyperparametersAndGrowsEachStep() {
        Map<String, Double> hyperparams = new HashMap<>(Map.of("lr", 0.01, "t", 1.0));
        UpdaterSteps.scratch(
                Adam::adam,
                Adam.initAdamStates(5).get(0),
                hyperparams,
                Nd4j.zeros(DataType.FLOAT, 5, 1),
                UpdaterSteps.gradients(3, 5, 1, 1));
        assertThat(hyperparams.get("t")).isEqualTo(4.0);
    }

    /** The first bias-corrected step is lr g / (|g| + eps): about lr in each coordinate. */
    @Test
    void theFirstStepIsAboutTheLearningRate() {
        INDArray g =
                Nd4j.createFromArray(new float[] {0.5f, -2f, 3f, -0.1f, 1f}).reshape(5, 1);
        INDArray p = UpdaterSteps.scratch(
                        Adam::adam,
                        Adam.initAdamStates(5).get(0),
                        new HashMap<>(Map.of("lr", 0.01, "t", 1.0)),
                        Nd4j.zeros(DataType.FLOAT, 5, 1),
                        List.of(g))
                .get(0);
        for (int i = 0; i < 5; i++) {
            double gi = g.getDouble(i);
            assertThat(p.getDouble(i)).isCloseTo(-0.01 * gi / (Math.abs(gi) + 1e-6), withinPercentage(1e-3));
        }
    }

    /** With eps negligible on both sides, the scratch Adam and DL4J's agree step for step. */
    @Test
    void scratchMatchesDl4jsAdamStepForStepWhereEpsDoesNotMatter() {
        List<INDArray> grads = UpdaterSteps.gradients(12, 5, 1, 19);
        INDArray start = Nd4j.rand(DataType.FLOAT, 5, 1);

        List<INDArray> scratch = UpdaterSteps.scratch(
                Adam::adam, Adam.initAdamStates(5).get(0), new HashMap<>(Map.of("lr", 0.01, "t", 1.0)), start, grads);
        List<INDArray> dl4j =
                UpdaterSteps.dl4j(new org.nd4j.linalg.learning.config.Adam(0.01, 0.9, 0.999, 1e-8), start, grads);

        for (int i = 0; i < grads.size(); i++) {
            NdAssert.assertClose("step " + i, dl4j.get(i), scratch.get(i), 1e-4, 1e-6);
        }
    }

    /**
     * DL4J adds eps before the bias correction of s: in PyTorch's (and the book's) terms its eps is \( \epsilon /
     * \sqrt{1 - \beta_2^t} \), 31.6 times larger at the first step. Gradients of 1e-6 show it.
     */
    @Test
    void dl4jsEpsIsScaledByTheBiasCorrection() {
        INDArray g = Nd4j.valueArrayOf(new long[] {5, 1}, 1e-6f);
        double eps = 1e-6;
        double dl4j = -UpdaterSteps.dl4j(
                        new org.nd4j.linalg.learning.config.Adam(0.01, 0.9, 0.999, eps),
                        Nd4j.zeros(DataType.FLOAT, 5, 1),
                        List.of(g))
                .get(0)
                .getDouble(0);
        double scratch = -UpdaterSteps.scratch(
                        Adam::adam,
                        Adam.initAdamStates(5).get(0),
                        new HashMap<>(Map.of("lr", 0.01, "t", 1.0)),
                        Nd4j.zeros(DataType.FLOAT, 5, 1),
                        List.of(g))
                .get(0)
                .getDouble(0);

        assertThat(scratch).isCloseTo(0.01 * 1e-6 / (1e-6 + eps), withinPercentage(0.1)); // 0.005
        assertThat(dl4j).isCloseTo(0.01 * 1e-6 / (1e-6 + eps / Math.sqrt(1 - 0.999)), withinPercentage(0.1));
    }

    /** Yogi moves s towards g^2 by (1 - beta2) g^2 at most, by sign; Adam's s would move by (1 - beta2)(g^2 - s). */
    @Test
    void yogisSecondMomentMovesBySignTimesTheSquaredGradient() {
        INDArray[] state = Adam.initAdamStates(1).get(1); // (v, s) of b: shape (1)
        state[1].assign(4); // s above g^2 = 1
        INDArray g = Nd4j.ones(DataType.FLOAT, 1);
        Map<String, Double> hyperparams = new HashMap<>(Map.of("lr", 0.01, "t", 1.0));
        Adam.yogi(
                List.of(new io.github.d2l4j.common.train.TrainCh11.Param(Nd4j.zeros(DataType.FLOAT, 1), g)),
                List.<INDArray[]>of(state),
                hyperparams);
        assertThat(state[1].getDouble(0)).isCloseTo(4 - 0.001 * 1, org.assertj.core.api.Assertions.within(1e-6));
        assertThat(hyperparams.get("t")).isEqualTo(2.0);
        NdAssert.assertClose("v", state[0], Nd4j.valueArrayOf(new long[] {1}, 0.1f), 1e-7);
    }

    /** The concise run is {@code torch.optim.Adam(lr=0.01)} with PyTorch's defaults, which are DL4J's. */
    @Test
    void theConciseRunsUpdaterHasTheBooksSettings() {
        org.nd4j.linalg.learning.config.Adam u = Adam.conciseUpdater();
        assertThat(u.getLearningRate()).isEqualTo(0.01);
        assertThat(u.getBeta1()).isEqualTo(0.9);
        assertThat(u.getBeta2()).isEqualTo(0.999);
        assertThat(u.getEpsilon()).isEqualTo(1e-8);
    }
}
