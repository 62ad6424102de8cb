package io.github.d2l4j.common.attention;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.d2l4j.common.seq2seq.Dropout;
import io.github.d2l4j.common.testing.GradientCheck;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * SameDiff's gradients of the attention blocks against central differences: the masked softmax
 * and dot-product attention in double precision, the blocks with float parameters in float with a
 * step of 1e-2 and a tolerance to match.
 */
class AttentionGradientTest {

    @Test
    void maskedSoftmaxGradientMatchesCentralDifferencesForBothKindsOfValidLengths() {
        Nd4j.getRandom().setSeed(11);
        for (INDArray lens : List.of(
                Nd4j.createFromArray(2, 0), // 0: a uniform row, independent of X: a zero gradient
                Nd4j.createFromArray(new int[][] {{1, 3, 4}, {2, 5, 4}}))) {
            SameDiff sd = SameDiff.create();
            INDArray x = Nd4j.randn(DataType.DOUBLE, 2, 3, 4);
            SDVariable X = sd.var("X", x);
            SDVariable P = MaskedSoftmax.maskedSoftmax(X, sd.constant(lens));
            SDVariable loss =
                    P.mul(sd.constant(Nd4j.randn(DataType.DOUBLE, 2, 3, 4))).sum("loss");
            sd.setLossVariables(loss);
            INDArray g = sd.calculateGradients(Map.of(), "X").get("X");
            GradientCheck.assertGradientInPlace(
                    "masked softmax, valid lengths " + lens, g, x, () -> value(sd, Map.of()), 1e-6, 1e-6, 1e-9);
        }
    }

    @Test
    void dotProductAttentionGradientMatchesInDoublePrecision() {
        Nd4j.getRandom().setSeed(12);
        SameDiff sd = SameDiff.create();
        Map<String, INDArray> inputs = new LinkedHashMap<>();
        inputs.put("q", Nd4j.randn(DataType.DOUBLE, 2, 3, 4));
        inputs.put("k", Nd4j.randn(DataType.DOUBLE, 2, 5, 4));
        inputs.put("v", Nd4j.randn(DataType.DOUBLE, 2, 5, 3));
        SDVariable out = new DotProductAttention(0)
                .forward(
                        sd.var("q", inputs.get("q")),
                        sd.var("k", inputs.get("k")),
                        sd.var("v", inputs.get("v")),
                        sd.constant(Nd4j.createFromArray(new int[][] {{1, 3, 5}, {2, 4, 9}})));
        sd.setLossVariables(
                out.mul(sd.constant(Nd4j.randn(DataType.DOUBLE, 2, 3, 3))).sum("loss"));
        Map<String, INDArray> g = sd.calculateGradients(Map.of(), "q", "k", "v");
        inputs.forEach((name, x) ->
                GradientCheck.assertGradientInPlace(name, g.get(name), x, () -> value(sd, Map.of()), 1e-6, 1e-6, 1e-9));
    }

    @Test
    void additiveAttentionGradientMatchesWithDropoutDrawsHeldFixed() {
        Nd4j.getRandom().setSeed(13);
        AdditiveAttention attention = new AdditiveAttention(3, 4, 5, 0.2); // training: dropout in the graph
        checkBlock(attention, 4, 3, 2, Nd4j.createFromArray(2, 3), 2, false);
    }

    @Test
    void multiHeadAttentionGradientMatchesWithPerQueryValidLengthsAndDropout() {
        Nd4j.getRandom().setSeed(14);
        MultiHeadAttention attention = new MultiHeadAttention(3, 4, 2, 6, 2, 0.2);
        checkBlock(attention, 4, 3, 2, Nd4j.createFromArray(new int[][] {{1, 2}, {3, 2}}), 2, false);
    }

    @Test
    void withInputsOfUnknownSizeTheGradientsAlsoMatch() {
        Nd4j.getRandom().setSeed(15);
        // no dropout: a graph that reads its sizes from itself may not have any
        checkBlock(new MultiHeadAttention(3, 4, 2, 6, 2, 0), 4, 3, 2, Nd4j.createFromArray(2, 3), 2, true);
        checkBlock(
                new AdditiveAttention(3, 4, 5, 0),
                4,
                3,
                2,
                Nd4j.createFromArray(new int[][] {{1, 3}, {2, 2}}),
                2,
                true);
    }

    /**
     * Checks the gradients of sum(output * R) with respect to the queries, keys, values and every
     * parameter of {@code block}, on batch 2, 2 queries and 3 keys, with its dropout draws fixed;
     * {@code computed}: the block sees its inputs through an op, of sizes unknown to SameDiff.
     */
    private static void checkBlock(
            Attention block,
            int querySize,
            int keySize,
            int valueSize,
            INDArray validLens,
            int numQueries,
            boolean computed) {
        SameDiff sd = SameDiff.create();
        Map<String, INDArray> inputs = new LinkedHashMap<>();
        inputs.put("q", Nd4j.randn(DataType.FLOAT, 2, numQueries, querySize));
        inputs.put("k", Nd4j.randn(DataType.FLOAT, 2, 3, keySize));
        inputs.put("v", Nd4j.randn(DataType.FLOAT, 2, 3, valueSize));
        SDVariable q = sd.var("q", inputs.get("q"));
        SDVariable k = sd.var("k", inputs.get("k"));
        SDVariable v = sd.var("v", inputs.get("v"));
        SDVariable out = computed
                ? block.forward(
                        q.mul(1), k.mul(1), v.mul(1), sd.constant(validLens).add(0))
                : block.forward(q, k, v, sd.constant(validLens));
        long outSize = block instanceof MultiHeadAttention m ? m.numHiddens() : valueSize;
        sd.setLossVariables(out.mul(sd.constant(Nd4j.randn(DataType.FLOAT, 2, numQueries, outSize)))
                .sum("loss"));
        Map<String, INDArray> feed = Dropout.draws(sd, 2);
        assertThat(feed).as("dropout draws").hasSize(block.dropoutProbability() > 0 ? 1 : 0);
        Map<String, INDArray> checked = new LinkedHashMap<>(inputs);
        Map<String, String> varNames = new HashMap<>();
        inputs.keySet().forEach(n -> varNames.put(n, n));
        Map<INDArray, String> names = variableNames(sd);
        block.namedParameters().forEach((n, p) -> {
            checked.put(n, p);
            varNames.put(n, names.get(p));
        });
        Map<String, INDArray> g =
                sd.calculateGradients(feed, new ArrayList<>(varNames.values()).toArray(String[]::new));
        checked.forEach((name, x) -> GradientCheck.assertGradientInPlace(
                block.getClass().getSimpleName() + " " + name,
                g.get(varNames.get(name)),
                x,
                () -> value(sd, feed),
                1e-2,
                2e-2,
                1e-3));
        assertThat(checked).hasSize(3 + block.namedParameters().size());
    }

    private static double value(SameDiff sd, Map<String, INDArray> feed) {
        return sd.output(feed, "loss").get("loss").getDouble(0);
    }

    /** The graph's name of each parameter array. */
    static Map<INDArray, String> variableNames(SameDiff sd) {
        Map<INDArray, String> names = new IdentityHashMap<>();
        for (SDVariable v : sd.variables()) {
            if (v.getVariableType() == VariableType.VARIABLE) {
                names.put(v.getArr(), v.name());
            }
        }
        return names;
    }
}
