package io.github.d2l4j.ch11;

import io.github.d2l4j.common.train.TrainCh11;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * Runs a scratch optimiser and a DL4J updater side by side on one parameter and the same gradients, as DL4J
 * applies an updater: it turns the gradient into the update in place, and the network subtracts it.
 */
final class UpdaterSteps {
    private UpdaterSteps() {}

    /** Gradients drawn N(0, scale^2), one (rows, 1) array per step, seeded. */
    static List<INDArray> gradients(int steps, int rows, double scale, long seed) {
        Nd4j.getRandom().setSeed(seed);
        List<INDArray> grads = new ArrayList<>();
        for (int i = 0; i < steps; i++) {
            grads.add(Nd4j.randn(DataType.FLOAT, rows, 1).muli(scale));
        }
        return grads;
    }

    /** The parameter after each step of the scratch optimiser, from {@code start}. */
    static List<INDArray> scratch(
            TrainCh11.TrainerFn fn,
            INDArray[] state,
            Map<String, Double> hyperparams,
            INDArray start,
            List<INDArray> grads) {
        INDArray p = start.dup();
        List<INDArray> after = new ArrayList<>();
        for (INDArray g : grads) {
            fn.step(List.of(new TrainCh11.Param(p, g.dup())), List.<INDArray[]>of(state), hyperparams);
            after.add(p.dup());
        }
        return after;
    }

    /** The parameter after each step of DL4J's updater, from {@code start}; iterations count from 0. */
    static List<INDArray> dl4j(IUpdater updater, INDArray start, List<INDArray> grads) {
        long n = start.length();
        long stateSize = updater.stateSize(n);
        GradientUpdater<?> u = updater.instantiate(Nd4j.zeros(DataType.FLOAT, 1, stateSize), true);
        INDArray p = start.reshape(1, n).dup();
        List<INDArray> after = new ArrayList<>();
        for (int i = 0; i < grads.size(); i++) {
            INDArray update = grads.get(i).reshape(1, n).dup();
            u.applyUpdater(update, i, 0);
            p.subi(update);
            after.add(p.reshape(start.shape()).dup());
        }
        return after;
    }
}
