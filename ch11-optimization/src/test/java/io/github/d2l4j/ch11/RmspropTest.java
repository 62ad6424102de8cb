package io.github.d2l4j.ch11;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

import io.github.d2l4j.common.optim.Train2d;
import io.github.d2l4j.common.testing.NdAssert;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.RmsProp;

class RmspropTest {

    @Test
    void traceIsTheBooks() {
        assertThat(Train2d.lastLine(Train2d.train2d(Rmsprop.rmsprop2d(0.4, 0.9))))
                .isEqualTo("epoch 20, x1: -0.010599, x2: 0.000000");
    }

    /** The book's gamma is DL4J's rmsDecay (PyTorch's alpha); gradients of order 1. */
    @Test
    void scratchMatchesDl4jsRmsPropStepForStep() {
        List<INDArray> grads = UpdaterSteps.gradients(12, 5, 1, 13);
        INDArray start = Nd4j.rand(DataType.FLOAT, 5, 1);
        Map<String, Double> hyperparams = new HashMap<>(Map.of("lr", 0.01, "gamma", 0.9));

        List<INDArray> scratch = UpdaterSteps.scratch(
                Rmsprop::rmsprop, Rmsprop.initRmspropStates(5).get(0), hyperparams, start, grads);
        List<INDArray> dl4j = UpdaterSteps.dl4j(new RmsProp(0.01, 0.9, 1e-6), start, grads);

        for (int i = 0; i < grads.size(); i++) {
            NdAssert.assertClose("step " + i, dl4j.get(i), scratch.get(i), 1e-4, 1e-6);
        }
    }

    /**
     * Gradients of 1e-4 show where eps sits. The book: inside the root. DL4J's RmsProp: its average starts at eps,
     * not 0, and eps is added again outside the root (PyTorch: starts at 0, eps outside).
     */
    @Test
    void dl4jStartsTheAverageAtEpsAndAddsEpsOutsideTheRoot() {
        INDArray g = Nd4j.valueArrayOf(new long[] {5, 1}, 1e-4f);
        INDArray start = Nd4j.zeros(DataType.FLOAT, 5, 1);
        double s = 0.1 * 1e-8; // (1 - gamma) g^2 after one step from 0
        double sDl4j = 0.9 * 1e-6 + s; // from eps

        double dl4j = -UpdaterSteps.dl4j(new RmsProp(0.01, 0.9, 1e-6), start, List.of(g))
                .get(0)
                .getDouble(0);
        double scratch = -UpdaterSteps.scratch(
                        Rmsprop::rmsprop,
                        Rmsprop.initRmspropStates(5).get(0),
                        new HashMap<>(Map.of("lr", 0.01, "gamma", 0.9)),
                        start,
                        List.of(g))
                .get(0)
                .getDouble(0);

        assertThat(dl4j).isCloseTo(0.01 * 1e-4 / (Math.sqrt(sDl4j) + 1e-6), withinPercentage(0.01));
        assertThat(scratch).isCloseTo(0.01 * 1e-4 / Math.sqrt(s + 1e-6), withinPercentage(0.01));
    }

    @Test
    void theWeightsOfPastSquaredGradientsSumToOne() {
        // (1 - gamma) gamma^t over all t sums to 1: the leaky average is an average
        for (double gamma : new double[] {0.95, 0.9, 0.8, 0.7}) {
            double sum = 0;
            for (int t = 0; t < 2000; t++) {
                sum += (1 - gamma) * Math.pow(gamma, t);
            }
            assertThat(sum).isCloseTo(1, org.assertj.core.api.Assertions.within(1e-9));
        }
    }

    /** The concise run is {@code torch.optim.RMSprop(lr=0.01, alpha=0.9)}: DL4J's default decay is 0.95. */
    @Test
    void theConciseRunsUpdaterHasTheBooksSettings() {
        RmsProp u = Rmsprop.conciseUpdater();
        assertThat(u.getLearningRate()).isEqualTo(0.01);
        assertThat(u.getRmsDecay()).isEqualTo(0.9);
        assertThat(u.getEpsilon()).isEqualTo(1e-8);
    }
}
