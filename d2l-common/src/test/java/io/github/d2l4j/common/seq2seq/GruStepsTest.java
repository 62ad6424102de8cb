package io.github.d2l4j.common.seq2seq;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.d2l4j.common.testing.NdAssert;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The GRU run step by step in one graph, as 10.4's decoder runs it. */
class GruStepsTest {

    @Test
    void twoOneStepCallsEqualOneTwoStepCall() {
        Nd4j.getRandom().setSeed(11);
        Gru gru = new Gru(3, 4, 2, 0);
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 5, 3); // (steps, batch, in)
        SameDiff sd = SameDiff.create();
        SDVariable X = sd.constant("X", x);
        Gru.Output whole = gru.forward(X, null, 2, true);
        SDVariable[] steps = sd.unstack(X, 0, 2);
        Gru.Output first = gru.forward(sd.expandDims(steps[0], 0), null, 1, true);
        Gru.Output second = gru.forward(sd.expandDims(steps[1], 0), first.state(), 1, true);
        NdAssert.assertClose("final state", second.state().eval(), whole.state().eval(), 1e-6);
        NdAssert.assertClose(
                "outputs",
                Nd4j.concat(0, first.output().eval(), second.output().eval()),
                whole.output().eval(),
                1e-6);
    }

    @Test
    void eachCallInOneTrainingGraphHasItsOwnDropoutDraws() {
        Nd4j.getRandom().setSeed(12);
        Gru gru = new Gru(3, 4, 3, 0.5);
        SameDiff sd = SameDiff.create();
        SDVariable X = sd.placeHolder("X", DataType.FLOAT, 1, -1, 3);
        Gru.Output first = gru.forward(X, null, 1, true);
        Gru.Output second = gru.forward(X, first.state(), 1, true);
        // two calls, each with dropout after layers 0 and 1: four placeholders of draws
        assertThat(sd.inputs().stream().filter(n -> n.endsWith(Dropout.DRAWS)))
                .hasSize(4)
                .doesNotHaveDuplicates();
        Map<String, INDArray> feed = new java.util.HashMap<>(Dropout.draws(sd, 5));
        feed.put("X", Nd4j.rand(DataType.FLOAT, 1, 5, 3));
        INDArray out =
                sd.output(feed, second.output().name()).get(second.output().name());
        assertThat(out.shape()).containsExactly(1, 5, 4);
        assertThat(Arrays.stream(out.reshape(20).toDoubleVector()).allMatch(Double::isFinite))
                .isTrue();
    }
}
