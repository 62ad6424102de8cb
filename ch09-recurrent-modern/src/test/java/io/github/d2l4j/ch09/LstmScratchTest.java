package io.github.d2l4j.ch09;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.d2l4j.common.rnn.LanguageModelConfig;
import io.github.d2l4j.common.rnn.RNNModelScratch;
import io.github.d2l4j.common.rnn.TrainCh8;
import io.github.d2l4j.common.section.RunOptions;
import io.github.d2l4j.common.testing.NdAssert;
import io.github.d2l4j.common.testing.Pangrams;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/** 9.2's from-scratch half on a generated text: the book's parameter count, its formula, learning. */
class LstmScratchTest {
    static final int VOCAB = 6;
    static final int HIDDEN = 5;

    @Test
    void theBooksParameterCountAndInitialisation() {
        Nd4j.getRandom().setSeed(1);
        Map<String, INDArray> params = LstmScratch.getLstmParams(28, 256);
        assertThat(params.keySet())
                .containsExactly(
                        "W_xi", "W_hi", "b_i", "W_xf", "W_hf", "b_f", "W_xo", "W_ho", "b_o", "W_xc", "W_hc", "b_c",
                        "W_hq", "b_q");
        assertThat(params.values().stream().mapToLong(INDArray::length).sum()).isEqualTo(299_036);
        assertThat(params.get("W_hc").stdNumber().doubleValue()).isBetween(0.0095, 0.0105);
        assertThat(params.get("b_f").sumNumber().doubleValue()).isZero(); // zero, where DL4J's LSTM starts at 1
        List<INDArray> state = LstmScratch.initLstmState(3, 256);
        assertThat(state).hasSize(2);
        assertThat(state.get(1).shape()).containsExactly(3, 256);
    }

    /** One step of {@code lstm} against the book's formula, written out with ND4J's operations. */
    @Test
    void theCellIsTheBooksFormula() {
        Nd4j.getRandom().setSeed(3);
        RNNModelScratch net = LstmScratch.model(VOCAB, HIDDEN, 1);
        net.params()
                .values()
                .forEach(p -> p.assign(Nd4j.randn(DataType.FLOAT, p.shape()).muli(0.5)));
        INDArray H = Nd4j.rand(DataType.FLOAT, 2, HIDDEN).subi(0.5);
        INDArray C = Nd4j.rand(DataType.FLOAT, 2, HIDDEN).subi(0.5);
        RNNModelScratch.Output o = net.call(Nd4j.createFromArray(new int[][] {{2}, {5}}), List.of(H, C));

        Map<String, INDArray> p = net.params();
        INDArray x = Nd4j.zeros(DataType.FLOAT, 2, VOCAB);
        x.putScalar(0, 2, 1);
        x.putScalar(1, 5, 1);
        INDArray I = Transforms.sigmoid(affine(p, x, H, "i"));
        INDArray F = Transforms.sigmoid(affine(p, x, H, "f"));
        INDArray O = Transforms.sigmoid(affine(p, x, H, "o"));
        INDArray Ctilda = Transforms.tanh(affine(p, x, H, "c"));
        INDArray Cnew = F.mul(C).add(I.mul(Ctilda));
        INDArray Hnew = O.mul(Transforms.tanh(Cnew));
        NdAssert.assertClose("H", o.state().get(0), Hnew, 1e-5);
        NdAssert.assertClose("C", o.state().get(1), Cnew, 1e-5);
        NdAssert.assertClose("the outputs", o.Y(), Hnew.mmul(p.get("W_hq")).addRowVector(p.get("b_q")), 1e-5);
    }

    private static INDArray affine(Map<String, INDArray> p, INDArray x, INDArray H, String g) {
        return x.mmul(p.get("W_x" + g)).add(H.mmul(p.get("W_h" + g))).addRowVector(p.get("b_" + g));
    }

    /**
     * At the book's lr 1 the model sits on a plateau near the letters' frequencies for the first
     * hundred-odd updates (its gates start at exactly 0.5: zero biases, tiny weights), longer than a
     * unit test may train on this text; at lr 3 it leaves the plateau within eight epochs of 10-step
     * minibatches, and within four of 5-step ones, twice the updates at about the same cost per
     * epoch: the last perplexity was 0.50, 0.50 and 0.54 of the first on seeds 42, 1 and 2 (0.80,
     * 0.80 and 0.87 after three epochs). Cost: about 9 s (eight 10-step epochs took 19 s).
     */
    @Test
    void itLearns(@TempDir Path out) {
        TrainCh8.Result r = LstmScratch.run(new LanguageModelConfig(Pangrams.lines(40, 1), 8, 5, 32, 3, 4, 42, out));
        assertThat(r.epochs()).hasSize(4);
        assertThat(r.perplexity()).isLessThan(0.8 * r.epochs().get(0).perplexity());
        assertThat(out.resolve("9.2-scratch.png")).isRegularFile();
        assertThat(r.summary().toString()).contains("perplexity=", "tokens_per_sec=", "sec_per_epoch=");
    }

    @Test
    void theBooksSettingsByDefault() {
        LanguageModelConfig c = Lstm.Config.from(RunOptions.none()).scratch();
        assertThat(c).isEqualTo(new LanguageModelConfig(null, 32, 35, 256, 1, 500, 42, c.out()));
    }
}
