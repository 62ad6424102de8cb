package io.github.d2l4j.common.seq2seq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.d2l4j.common.testing.NdAssert;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The book's 9.7 demos, and the GRU against nn.GRU's formula. */
class Seq2seqTest {

    @Test
    void theEncoderGivesTheBooksShapes() {
        Nd4j.getRandom().setSeed(1);
        Seq2SeqEncoder encoder = new Seq2SeqEncoder(10, 8, 16, 2, 0);
        encoder.eval();
        SameDiff sd = SameDiff.create();
        List<SDVariable> out = encoder.forward(sd.constant("X", Nd4j.zeros(DataType.INT32, 4, 7)), null);
        assertThat(out.get(0).eval().shape()).containsExactly(7, 4, 16);
        assertThat(out.get(1).eval().shape()).containsExactly(2, 4, 16);
    }

    @Test
    void theDecoderGivesTheBooksShapes() {
        Nd4j.getRandom().setSeed(1);
        Seq2SeqEncoder encoder = new Seq2SeqEncoder(10, 8, 16, 2, 0);
        Seq2SeqDecoder decoder = new Seq2SeqDecoder(10, 8, 16, 2, 0);
        encoder.eval();
        decoder.eval();
        SameDiff sd = SameDiff.create();
        SDVariable X = sd.constant("X", Nd4j.zeros(DataType.INT32, 4, 7));
        List<SDVariable> state = decoder.initState(encoder.forward(X, null), null);
        Decoder.Output o = decoder.forward(X, state);
        assertThat(o.output().eval().shape()).containsExactly(4, 7, 10);
        assertThat(o.state().get(0).eval().shape()).containsExactly(2, 4, 16);
    }

    @Test
    void theGruIsNnGrusFormulaFromAGivenState() {
        Nd4j.getRandom().setSeed(3);
        Gru gru = new Gru(3, 5, 2, 0);
        INDArray X = Nd4j.randn(DataType.FLOAT, 4, 2, 3);
        INDArray H0 = Nd4j.randn(DataType.FLOAT, 2, 2, 5);
        SameDiff sd = SameDiff.create();
        Gru.Output o = gru.forward(sd.constant("X", X), sd.constant("H0", H0), 4, true); // no dropout: p = 0
        INDArray[] expected = Seq2seqFixtures.torchGru(gru, X, H0);
        NdAssert.assertClose("output", o.output().eval().castTo(DataType.DOUBLE), expected[0], 1e-5);
        NdAssert.assertClose("state", o.state().eval().castTo(DataType.DOUBLE), expected[1], 1e-5);
    }

    @Test
    void theGruStartsFromZerosWithoutAState() {
        Nd4j.getRandom().setSeed(4);
        Gru gru = new Gru(3, 4, 1, 0);
        INDArray X = Nd4j.randn(DataType.FLOAT, 3, 2, 3);
        SameDiff sd = SameDiff.create();
        Gru.Output o = gru.forward(sd.constant("X", X), null, 3, false);
        INDArray[] expected = Seq2seqFixtures.torchGru(gru, X, Nd4j.zeros(DataType.FLOAT, 1, 2, 4));
        NdAssert.assertClose("output", o.output().eval().castTo(DataType.DOUBLE), expected[0], 1e-5);
    }

    @Test
    void dropoutZeroesTheDrawsBelowPAndScalesTheRest() {
        SameDiff sd = SameDiff.create();
        SDVariable X = sd.constant("X", Nd4j.ones(DataType.FLOAT, 1, 4));
        SDVariable Y = Dropout.apply(X, 0.5, "d", -1, 4);
        INDArray draws = Nd4j.createFromArray(new float[][] {{0.1f, 0.6f, 0.49f, 0.5f}});
        INDArray out = sd.output(java.util.Map.of("d" + Dropout.DRAWS, draws), Y.name())
                .get(Y.name());
        NdAssert.assertClose("dropped", out, Nd4j.createFromArray(new float[][] {{0, 2, 0, 2}}), 1e-6);
        assertThat(Dropout.draws(sd, 3).get("d" + Dropout.DRAWS).shape()).containsExactly(3, 4);
        assertThatThrownBy(() -> Dropout.apply(X, 1, "e", -1, 4)).hasMessageContaining("[0, 1)");
    }

    @Test
    void sequenceMaskHidesTheEntriesPastTheValidLength() {
        INDArray X = Nd4j.createFromArray(new int[][] {{1, 2, 3}, {4, 5, 6}});
        SequenceMask.sequenceMask(X, Nd4j.createFromArray(1, 2));
        assertThat(X.toIntMatrix()).isEqualTo(new int[][] {{1, 0, 0}, {4, 5, 0}});
    }

    @Test
    void sequenceMaskFillsWholeRowsOfA3dTensorWithTheValue() {
        INDArray X = SequenceMask.sequenceMask(Nd4j.ones(DataType.FLOAT, 2, 3, 4), Nd4j.createFromArray(1, 2), -1);
        INDArray expected = Nd4j.ones(DataType.FLOAT, 2, 3, 4);
        expected.get(
                        org.nd4j.linalg.indexing.NDArrayIndex.point(0),
                        org.nd4j.linalg.indexing.NDArrayIndex.interval(1, 3))
                .assign(-1);
        expected.get(org.nd4j.linalg.indexing.NDArrayIndex.point(1), org.nd4j.linalg.indexing.NDArrayIndex.point(2))
                .assign(-1);
        NdAssert.assertClose("value=-1", X, expected, 0);
    }

    @Test
    void sequenceMaskOnVariablesAgreesWithTheArrays() {
        SameDiff sd = SameDiff.create();
        SDVariable X = sd.constant(Nd4j.createFromArray(new float[][] {{1, 2, 3}, {4, 5, 6}}));
        SDVariable m = SequenceMask.sequenceMask(X, sd.constant(Nd4j.createFromArray(1, 2)), 3, -1);
        NdAssert.assertClose("masked", m.eval(), Nd4j.createFromArray(new float[][] {{1, -1, -1}, {4, 5, -1}}), 0);
    }

    @Test
    void sequenceMaskRefusesMismatchedLengths() {
        assertThatThrownBy(() -> SequenceMask.sequenceMask(Nd4j.ones(2, 3), Nd4j.createFromArray(1, 2, 3)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("3 valid lengths");
    }

    @Test
    void theMaskedLossIsTheBooksCheck() {
        // loss(torch.ones(3, 4, 10), torch.ones((3, 4), dtype=torch.long), torch.tensor([4, 2, 0]))
        INDArray l = new MaskedSoftmaxCELoss(10)
                .apply(
                        Nd4j.ones(DataType.FLOAT, 3, 4, 10),
                        Nd4j.ones(DataType.INT32, 3, 4),
                        Nd4j.createFromArray(4, 2, 0));
        assertThat(l.shape()).containsExactly(3);
        assertThat(l.getDouble(0)).isCloseTo(2.3026, within(1e-4));
        assertThat(l.getDouble(1)).isCloseTo(1.1513, within(1e-4));
        assertThat(l.getDouble(2)).isCloseTo(0.0, within(1e-7));
    }

    @Test
    void bleuMatchesTheBooksFigures() {
        assertThat(TrainSeq2seq.bleu("va !", "va !", 2)).isCloseTo(1.0, within(1e-12));
        assertThat(TrainSeq2seq.bleu("il est riche .", "il est calme .", 2)).isCloseTo(0.658, within(5e-4));
        assertThat(TrainSeq2seq.bleu("je suis en retard ?", "je suis chez moi .", 2))
                .isCloseTo(0.447, within(5e-4));
        // The text's example: p1 = 4/5, p2 = 3/4, and a brevity penalty exp(1 - 6/5)
        assertThat(TrainSeq2seq.bleu("A B B C D", "A B C D E F", 2))
                .isCloseTo(Math.exp(1 - 6.0 / 5) * Math.pow(0.8, 0.5) * Math.pow(0.75, 0.25), within(1e-12))
                .isCloseTo(0.681, within(5e-4));
        assertThat(TrainSeq2seq.bleu("A B B C D", "A B C D E F", 4)).isZero(); // p4 = 0
    }

    @Test
    void bleuScoresAPredictionShorterThanKZeroInsteadOfDividingByZero() {
        assertThat(TrainSeq2seq.bleu("va", "va !", 2)).isZero();
        assertThat(TrainSeq2seq.bleu("", "va !", 2)).isZero();
        assertThat(TrainSeq2seq.bleu("va", "va", 1)).isCloseTo(1.0, within(1e-12));
        assertThatThrownBy(() -> TrainSeq2seq.bleu("a", "a", 0)).hasMessageContaining("k >= 1, got 0");
    }

    @Test
    void badSizesFailClearly() {
        assertThatThrownBy(() -> new Gru(0, 4, 1, 0)).hasMessageContaining("input 0");
        assertThatThrownBy(() -> new Gru(3, 4, 1, 1.5)).hasMessageContaining("got 1.5");
        assertThatThrownBy(() -> new Embedding(10, 0)).hasMessageContaining("embed 0");
    }
}
