package io.github.d2l4j.ch11;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.d2l4j.common.testing.NdAssert;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.AdaDelta;

class AdadeltaTest {

    /** Same formula, eps inside both roots: with the book's eps 1e-5 on both sides they agree step for step. */
    @Test
    void scratchMatchesDl4jsAdaDeltaStepForStep() {
        for (double scale : new double[] {1, 1e-3}) {
            List<INDArray> grads = UpdaterSteps.gradients(12, 5, scale, 17);
            INDArray start = Nd4j.rand(DataType.FLOAT, 5, 1);

            List<INDArray> scratch = UpdaterSteps.scratch(
                    Adadelta::adadelta,
                    Adadelta.initAdadeltaStates(5).get(0),
                    new HashMap<>(Map.of("rho", 0.9)),
                    start,
                    grads);
            List<INDArray> dl4j = UpdaterSteps.dl4j(new AdaDelta(0.9, 1e-5), start, grads);

            for (int i = 0; i < grads.size(); i++) {
                NdAssert.assertClose("gradients of " + scale + ", step " + i, dl4j.get(i), scratch.get(i), 1e-4, 1e-7);
            }
        }
    }

    /** The concise run is {@code torch.optim.Adadelta(rho=0.9)}: DL4J's default rho is 0.95. */
    @Test
    void theConciseRunsUpdaterHasTheBooksSettings() {
        AdaDelta u = Adadelta.conciseUpdater();
        assertThat(u.getRho()).isEqualTo(0.9);
        assertThat(u.getEpsilon()).isEqualTo(1e-6);
        assertThat(u.hasLearningRate())
                .as("PyTorch's default lr 1.0 is DL4J's none")
                .isFalse();
    }
}
