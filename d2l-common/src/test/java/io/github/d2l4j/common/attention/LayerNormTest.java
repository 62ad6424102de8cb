package io.github.d2l4j.common.attention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.d2l4j.common.seq2seq.Dropout;
import io.github.d2l4j.common.testing.NdAssert;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/** 10.7's layer norm and add-norm: the book's demos, a reference from ND4J, dropout and gradients. */
class LayerNormTest {

    /** BatchNorm1d in training mode from ND4J ops: each column by its batch mean and biased variance. */
    static INDArray batchNorm1dTraining(INDArray X) {
        INDArray mean = X.mean(0);
        INDArray var = X.subRowVector(mean).muli(X.subRowVector(mean)).mean(0);
        return X.subRowVector(mean).diviRowVector(Transforms.sqrt(var.add(LayerNorm.EPS)));
    }

    /** Layer norm over the last {@code k} dimensions by ND4J, in double, with γ and β. */
    static INDArray layerNormReference(INDArray X, int k, INDArray gamma, INDArray beta) {
        INDArray x = X.castTo(DataType.DOUBLE);
        long rows = 1;
        for (int i = 0; i < X.rank() - k; i++) {
            rows *= X.size(i);
        }
        INDArray flat = x.reshape(rows, -1);
        INDArray mean = flat.mean(1).reshape(rows, 1);
        INDArray centred = flat.subColumnVector(mean);
        INDArray var = centred.mul(centred).mean(1).reshape(rows, 1);
        INDArray norm = centred.divColumnVector(Transforms.sqrt(var.add(LayerNorm.EPS)));
        return norm.mulRowVector(gamma.castTo(DataType.DOUBLE).reshape(1, -1))
                .addRowVector(beta.castTo(DataType.DOUBLE).reshape(1, -1))
                .reshape(X.shape());
    }

    @Test
    void theBooksDemoLayerNormAgainstBatchNorm() {
        INDArray X = Nd4j.createFromArray(new float[][] {{1, 2}, {2, 3}});
        INDArray ln = new LayerNorm(2).apply(X);
        INDArray bn = batchNorm1dTraining(X);
        // each row is (-0.5, 0.5) around its mean, variance 0.25: +-0.5 / sqrt(0.25 + 1e-5)
        float v = (float) (0.5 / Math.sqrt(0.25 + 1e-5));
        NdAssert.assertClose("layer norm", ln, Nd4j.createFromArray(new float[][] {{-v, v}, {-v, v}}), 1e-6);
        NdAssert.assertClose("batch norm", bn, Nd4j.createFromArray(new float[][] {{-v, -v}, {v, v}}), 1e-6);
        assertThat(v).as("the book prints 1.0000: eps keeps it just below").isBetween(0.9999f, 1f);
    }

    @Test
    void overTheLastTwoDimensionsWithAnAffineOfTheirShape() {
        Nd4j.getRandom().setSeed(11);
        LayerNorm ln = new LayerNorm(3, 4);
        assertThat(ln.parameter("weight").shape()).containsExactly(3, 4);
        assertThat(ln.parameter("weight").minNumber().doubleValue()).isEqualTo(1.0);
        assertThat(ln.parameter("bias").amaxNumber().doubleValue()).isEqualTo(0.0);
        ln.parameter("weight").assign(Nd4j.rand(DataType.FLOAT, 3, 4).addi(0.5));
        ln.parameter("bias").assign(Nd4j.rand(DataType.FLOAT, 3, 4));
        INDArray X = Nd4j.rand(DataType.FLOAT, 2, 3, 4).muli(5);
        NdAssert.assertClose(
                "LayerNorm([3, 4])",
                ln.apply(X).castTo(DataType.DOUBLE),
                layerNormReference(X, 2, ln.parameter("weight"), ln.parameter("bias")),
                1e-5);
        // [100, 24], the demos' shape, has 2,400 weights and 2,400 biases
        assertThat(new LayerNorm(100, 24)
                        .namedParameters().values().stream()
                                .mapToLong(INDArray::length)
                                .sum())
                .isEqualTo(4_800);
    }

    @Test
    void addNormsBookDemoAndItsFormula() {
        Nd4j.getRandom().setSeed(12);
        AddNorm addNorm = new AddNorm(new long[] {3, 4}, 0.5);
        addNorm.eval();
        INDArray ones = Nd4j.ones(DataType.FLOAT, 2, 3, 4);
        INDArray out = addNorm.apply(ones, ones);
        assertThat(out.shape()).containsExactly(2, 3, 4);
        // a constant example has no variance: LN gives the bias, 0
        assertThat(out.amaxNumber().doubleValue()).isEqualTo(0.0);
        INDArray X = Nd4j.rand(DataType.FLOAT, 2, 3, 4);
        INDArray Y = Nd4j.rand(DataType.FLOAT, 2, 3, 4);
        NdAssert.assertClose(
                "eval: LN(Y + X)",
                addNorm.apply(X, Y).castTo(DataType.DOUBLE),
                layerNormReference(X.add(Y), 2, Nd4j.ones(3, 4), Nd4j.zeros(3, 4)),
                1e-5);
    }

    @Test
    void inTrainingTheDropoutActsOnYBeforeTheResidual() {
        Nd4j.getRandom().setSeed(13);
        AddNorm addNorm = new AddNorm(new long[] {4}, 0.5);
        INDArray X = Nd4j.rand(DataType.FLOAT, 2, 3, 4);
        INDArray Y = Nd4j.rand(DataType.FLOAT, 2, 3, 4);
        SameDiff sd = SameDiff.create();
        var out = addNorm.forward(sd.constant("X", X), sd.constant("Y", Y), 3);
        Map<String, INDArray> draws = Dropout.draws(sd, 2);
        INDArray u = draws.values().iterator().next();
        assertThat(u.shape()).as("one draw per element of Y").containsExactly(2, 3, 4);
        INDArray mask = u.gte(0.5).castTo(DataType.FLOAT).muli(2);
        NdAssert.assertClose(
                "LN(dropout(Y) + X)",
                out.eval(draws).castTo(DataType.DOUBLE),
                layerNormReference(Y.mul(mask).addi(X), 1, Nd4j.ones(4), Nd4j.zeros(4)),
                1e-5);
        // two training passes draw two masks
        assertThat(addNorm.apply(X, Y)).isNotEqualTo(addNorm.apply(X, Y));
    }

    @Test
    void layerNormGradientsMatchCentralDifferences() {
        Nd4j.getRandom().setSeed(14);
        LayerNorm ln = new LayerNorm(3, 4);
        ln.parameter("weight").assign(Nd4j.rand(DataType.FLOAT, 3, 4).addi(0.5));
        ln.parameter("bias").assign(Nd4j.rand(DataType.FLOAT, 3, 4));
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 3, 4).muli(3);
        int checked = BlockGradients.check(x, ln.namedParameters(), Map.of(), (sd, X) -> ln.forward(X));
        assertThat(checked).isEqualTo(3);
        LayerNorm last = new LayerNorm(5);
        BlockGradients.check(
                Nd4j.rand(DataType.FLOAT, 2, 3, 5).muli(3),
                last.namedParameters(),
                Map.of(),
                (sd, X) -> last.forward(X));
    }

    @Test
    void addNormGradientsMatchCentralDifferencesWithAFixedDropoutMask() {
        Nd4j.getRandom().setSeed(15);
        AddNorm addNorm = new AddNorm(new long[] {5}, 0.4);
        addNorm.ln().parameter("weight").assign(Nd4j.rand(DataType.FLOAT, 5).addi(0.5));
        INDArray y = Nd4j.rand(DataType.FLOAT, 2, 3, 5).muli(3);
        SameDiff probe = SameDiff.create();
        addNorm.forward(probe.placeHolder("X", DataType.FLOAT, -1, 3, 5), probe.constant(y), 3);
        Map<String, INDArray> draws = Dropout.draws(probe, 2);
        // X is the residual input; Y, the sublayer's output, is a second variable
        int checked = BlockGradients.check(
                Nd4j.rand(DataType.FLOAT, 2, 3, 5).muli(3),
                Map.of(
                        "ln.weight",
                        addNorm.ln().parameter("weight"),
                        "ln.bias",
                        addNorm.ln().parameter("bias")),
                draws,
                (sd, X) -> addNorm.forward(X, sd.var("Y", y), 3));
        assertThat(checked).isEqualTo(3);
    }

    @Test
    void badInputIsAClearError() {
        assertThatThrownBy(() -> new LayerNorm(3, 0)).hasMessageContaining("[3, 0]");
        assertThatThrownBy(() -> new AddNorm(new long[] {4}, -0.1)).hasMessageContaining("-0.1");
        AddNorm addNorm = new AddNorm(new long[] {4}, 0);
        assertThatThrownBy(() -> addNorm.apply(Nd4j.ones(2, 3, 4), Nd4j.ones(2, 4, 4)))
                .hasMessageContaining("[2, 3, 4] and [2, 4, 4]");
    }
}
