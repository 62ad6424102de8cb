package io.github.d2l4j.ch05;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.d2l4j.common.block.Linear;
import io.github.d2l4j.common.block.Relu;
import io.github.d2l4j.common.testing.NdAssert;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ModelConstructionTest {

    @Test
    void everyModelRunsAndTheTwoWaysAgreeOnTheSameWeights() {
        ModelConstruction.Result r = ModelConstruction.run(new ModelConstruction.Config(7));
        assertThat(r.sequential().shape()).containsExactly(2, 10);
        NdAssert.assertClose("DL4J MLP vs scratch MLP", r.dl4j(), r.sequential(), 1e-5);
        assertThat(r.fixedHidden()[1]).isCloseTo(r.fixedHidden()[0], within(1e-6));
        assertThat(r.chimera()[1]).isCloseTo(r.chimera()[0], within(1e-6));
        // the loop stops once the absolute sum is at most 1, so the scalar is at most 1 in size
        assertThat(Math.abs(r.fixedHidden()[0])).isLessThanOrEqualTo(1);
        assertThat(r.summary().line("5.1")).startsWith("result section=5.1 mlp_shape=[2,10]");
    }

    @Test
    void mySequentialKeepsItsBlocksInOrder() {
        Nd4j.getRandom().setSeed(3);
        Linear a = new Linear(20, 256);
        Linear b = new Linear(256, 10);
        var mine = new ModelConstruction.MySequential(a, new Relu(), b);
        assertThat(mine.children().keySet()).containsExactly("0", "1", "2");
        assertThat(mine.children().get("2")).isSameAs(b);
        INDArray X = Nd4j.rand(DataType.FLOAT, 2, 20);
        INDArray byHand = org.nd4j.linalg.ops.transforms.Transforms.relu(
                        X.mmul(a.weight().transpose()).addRowVector(a.bias()), true)
                .mmul(b.weight().transpose())
                .addRowVector(b.bias());
        NdAssert.assertClose("MySequential vs the arithmetic", mine.apply(X), byHand, 1e-5);
    }

    @Test
    void theMlpBlockHasItsTwoLayersAndAgreesWithDl4j() {
        Nd4j.getRandom().setSeed(9);
        var mlp = new ModelConstruction.Mlp();
        assertThat(mlp.namedParameters().keySet())
                .containsExactly("hidden.weight", "hidden.bias", "out.weight", "out.bias");
        INDArray X = Nd4j.rand(DataType.FLOAT, 2, 20);
        assertThat(mlp.apply(X).shape()).containsExactly(2, 10);
        var dl4j = ModelConstruction.dl4jMlp(9);
        ModelConstruction.copy((Linear) mlp.child("hidden"), dl4j, 0);
        ModelConstruction.copy((Linear) mlp.child("out"), dl4j, 1);
        NdAssert.assertClose("the MLP block vs DL4J", mlp.apply(X), dl4j.output(X), 1e-5);
    }
}
