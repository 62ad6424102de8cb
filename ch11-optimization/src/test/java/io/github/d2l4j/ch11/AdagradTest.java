package io.github.d2l4j.ch11;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.d2l4j.common.optim.Train2d;
import io.github.d2l4j.common.testing.NdAssert;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.AdaGrad;

class AdagradTest {

    @Test
    void tracesAreTheBooks() {
        assertThat(Train2d.lastLine(Train2d.train2d(Adagrad.adagrad2d(0.4))))
                .isEqualTo("epoch 20, x1: -2.382563, x2: -0.158591");
        assertThat(Train2d.lastLine(Train2d.train2d(Adagrad.adagrad2d(2))))
                .isEqualTo("epoch 20, x1: -0.002295, x2: -0.000000");
    }

    /** Gradients of order 1: where eps sits (inside or outside the root) changes nothing visible. */
    @Test
    void scratchMatchesDl4jsAdaGradStepForStepOnOrdinaryGradients() {
        List<INDArray> grads = UpdaterSteps.gradients(12, 5, 1, 11);
        INDArray start = Nd4j.rand(DataType.FLOAT, 5, 1);

        List<INDArray> scratch = UpdaterSteps.scratch(
                Adagrad::adagrad, Adagrad.initAdagradStates(5).get(0), new HashMap<>(Map.of("lr", 0.1)), start, grads);
        List<INDArray> dl4j = UpdaterSteps.dl4j(new AdaGrad(0.1, 1e-6), start, grads);

        for (int i = 0; i < grads.size(); i++) {
            NdAssert.assertClose("step " + i, dl4j.get(i), scratch.get(i), 1e-4, 1e-6);
        }
    }

    /**
     * Gradients of 1e-4 show where eps sits. The book's scratch code: inside the root, \( \sqrt{s + \epsilon} \).
     * DL4J's AdaGrad: its sum of squares starts at eps, not 0, and eps is added again outside the root, \(
     * \sqrt{s} + \epsilon \) (PyTorch: starts at 0, eps outside).
     */
    @Test
    void dl4jStartsTheSumAtEpsAndAddsEpsOutsideTheRoot() {
        INDArray g = Nd4j.valueArrayOf(new long[] {5, 1}, 1e-4f);
        INDArray start = Nd4j.zeros(DataType.FLOAT, 5, 1);
        double lr = 0.1;
        double eps = 1e-6;

        double dl4j = -UpdaterSteps.dl4j(new AdaGrad(lr, eps), start, List.of(g))
                .get(0)
                .getDouble(0);
        double scratch = -UpdaterSteps.scratch(
                        Adagrad::adagrad,
                        Adagrad.initAdagradStates(5).get(0),
                        new HashMap<>(Map.of("lr", lr)),
                        start,
                        List.of(g))
                .get(0)
                .getDouble(0);

        assertThat(dl4j)
                .isCloseTo(
                        lr * 1e-4 / (Math.sqrt(eps + 1e-8) + eps),
                        org.assertj.core.api.Assertions.withinPercentage(0.01));
        assertThat(scratch)
                .isCloseTo(lr * 1e-4 / Math.sqrt(1e-8 + eps), org.assertj.core.api.Assertions.withinPercentage(0.01));
    }

    /** The concise run is {@code torch.optim.Adagrad(lr=0.1)}: PyTorch's eps 1e-10, not DL4J's default 1e-6. */
    @Test
    void theConciseRunsUpdaterHasTheBooksSettings() {
        AdaGrad u = Adagrad.conciseUpdater();
        assertThat(u.getLearningRate()).isEqualTo(0.1);
        assertThat(u.getEpsilon()).isEqualTo(1e-10);
    }
}
