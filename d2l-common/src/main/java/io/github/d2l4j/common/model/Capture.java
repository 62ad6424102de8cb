package io.github.d2l4j.common.model;

import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.listeners.At;
import org.nd4j.autodiff.listeners.BaseListener;
import org.nd4j.autodiff.listeners.Operation;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * Keeps copies of chosen variables' values as SameDiff computes them during a training pass, so
 * that one {@code calculateGradients} call yields the outputs and losses too, instead of a second
 * forward pass.
 */
public final class Capture extends BaseListener {
    private final java.util.Set<String> names = new java.util.HashSet<>();
    private final Map<String, INDArray> values = new java.util.HashMap<>();

    public Capture(String... names) {
        watch(names);
    }

    public void watch(String... more) {
        names.addAll(List.of(more));
    }

    public Map<String, INDArray> values(List<String> wanted) {
        Map<String, INDArray> out = new java.util.HashMap<>();
        for (String name : wanted) {
            INDArray v = values.get(name);
            if (v == null) {
                throw new IllegalStateException("SameDiff did not compute " + name + " in the training step");
            }
            out.put(name, v);
        }
        return out;
    }

    @Override
    public boolean isActive(Operation operation) {
        return operation == Operation.TRAINING;
    }

    @Override
    public void opExecution(
            SameDiff sd, At at, MultiDataSet batch, SameDiffOp op, OpContext context, INDArray[] outputs) {
        List<String> produced = op.getOutputsOfOp();
        for (int i = 0; i < outputs.length; i++) {
            if (names.contains(produced.get(i))) {
                values.put(produced.get(i), outputs[i].dup()); // SameDiff recycles its arrays
            }
        }
    }

    public void clear() {
        values.clear();
    }

    public INDArray get(String name) {
        return values.get(name);
    }
}
