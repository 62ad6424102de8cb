package io.github.d2l4j.common.attention;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.d2l4j.common.testing.GradientCheck;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiFunction;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Central-difference checks of a block's SameDiff gradients: the loss is {@code sum(out * R)} for
 * a fixed random R (a plain sum would hide errors: a layer norm's outputs always sum to its bias),
 * and every parameter and the input {@code X} are probed at a few elements (all of a small one).
 */
final class BlockGradients {
    private BlockGradients() {}

    /**
     * Builds {@code forward(sd, X)} on {@code X} as a variable, then checks the gradient of every
     * array of {@code params} (by name) and of X, with the placeholders of {@code feed} fixed.
     * Returns the number of arrays checked.
     */
    static int check(
            INDArray x,
            Map<String, INDArray> params,
            Map<String, INDArray> feed,
            BiFunction<SameDiff, SDVariable, SDVariable> forward) {
        SameDiff sd = SameDiff.create();
        SDVariable X = sd.var("X", x);
        SDVariable out = forward.apply(sd, X);
        INDArray r = Nd4j.rand(DataType.FLOAT, out.eval(feed).shape()).subi(0.5);
        SDVariable loss = out.mul(sd.constant("R", r)).sum("loss");
        sd.setLossVariables(loss);
        Map<INDArray, String> names = new IdentityHashMap<>();
        for (SDVariable v : sd.variables()) {
            if (v.getVariableType() == VariableType.VARIABLE) {
                names.put(v.getArr(), v.name());
            }
        }
        Map<String, INDArray> arrays = new LinkedHashMap<>(params);
        arrays.put("X", x);
        arrays.forEach((name, a) ->
                assertThat(names).as("%s is a variable of the graph", name).containsKey(a));
        Map<String, INDArray> grads = sd.calculateGradients(
                feed, arrays.values().stream().map(names::get).toArray(String[]::new));
        for (Map.Entry<String, INDArray> e : arrays.entrySet()) {
            INDArray a = e.getValue();
            long n = a.length();
            long[] at = n <= 12 ? new long[0] : new long[] {0, 1, n / 3, n / 2, n - 2, n - 1};
            // float32 throughout: a step of 1e-2 and a tolerance to match
            GradientCheck.assertGradientInPlace(
                    e.getKey(),
                    grads.get(names.get(a)),
                    a,
                    () -> sd.output(feed, "loss").get("loss").getDouble(0),
                    1e-2,
                    2e-2,
                    1e-3,
                    at);
        }
        return arrays.size();
    }
}
