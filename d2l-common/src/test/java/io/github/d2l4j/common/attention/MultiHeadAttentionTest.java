package io.github.d2l4j.common.attention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.d2l4j.common.seq2seq.Dropout;
import io.github.d2l4j.common.seq2seq.SequenceMask;
import io.github.d2l4j.common.testing.NdAssert;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** 10.5's multi-head attention: the book's demo, the heads' layout, per-head masks, ND4J's own op. */
class MultiHeadAttentionTest {

    @Test
    void theBooksDemoHasShape_2_4_100And40000Parameters() {
        Nd4j.getRandom().setSeed(21);
        MultiHeadAttention attention = new MultiHeadAttention(100, 100, 100, 100, 5, 0.5);
        attention.eval();
        Attention.Output o = attention.apply(
                Nd4j.ones(DataType.FLOAT, 2, 4, 100), Nd4j.ones(DataType.FLOAT, 2, 6, 100),
                Nd4j.ones(DataType.FLOAT, 2, 6, 100), Nd4j.createFromArray(3, 2));
        assertThat(o.output().shape()).containsExactly(2, 4, 100);
        assertThat(attention.namedParameters().keySet())
                .containsExactly("W_q.weight", "W_k.weight", "W_v.weight", "W_o.weight");
        assertThat(attention.namedParameters().values().stream()
                        .mapToLong(INDArray::length)
                        .sum())
                .isEqualTo(40_000);
        // each batch element's valid length holds for all 5 of its heads: rows 0-4 see 3 keys, rows 5-9 see 2
        assertThat(o.attentionWeights().shape()).containsExactly(10, 4, 6);
        for (int row = 0; row < 10; row++) {
            int valid = row < 5 ? 3 : 2;
            for (int k = 0; k < 6; k++) {
                double w = o.attentionWeights().getDouble(row, 0, k);
                // identical keys: uniform over the valid ones
                assertThat(w).as("row %d key %d", row, k).isCloseTo(k < valid ? 1.0 / valid : 0, within(1e-6));
            }
        }
    }

    @Test
    void transposeQkvPutsHeadsBatchMajorWithTheHeadIndexFastestAndTransposeOutputUndoesIt() {
        INDArray X = Nd4j.arange(2 * 3 * 6).castTo(DataType.FLOAT).reshape(2, 3, 6);
        SameDiff sd = SameDiff.create();
        SDVariable split = MultiHeadAttention.transposeQkv(sd.constant(X), 2);
        INDArray heads = split.eval();
        assertThat(heads.shape()).containsExactly(4, 3, 3);
        for (int b = 0; b < 2; b++) {
            for (int i = 0; i < 2; i++) {
                for (int n = 0; n < 3; n++) {
                    for (int d = 0; d < 3; d++) {
                        assertThat(heads.getDouble(b * 2 + i, n, d))
                                .as("batch %d head %d step %d feature %d", b, i, n, d)
                                .isEqualTo(X.getDouble(b, n, i * 3 + d));
                    }
                }
            }
        }
        NdAssert.assertClose(
                "round trip", MultiHeadAttention.transposeOutput(split, 2).eval(), X, 0);
    }

    @Test
    void repeatInterleaveRepeatsEachBatchElementsLengthsInARow() {
        SameDiff sd = SameDiff.create();
        INDArray perBatch = MultiHeadAttention.repeatInterleave(sd.constant(Nd4j.createFromArray(3, 2)), 2)
                .eval();
        assertThat(perBatch.toIntVector()).containsExactly(3, 3, 2, 2);
        INDArray perQuery = MultiHeadAttention.repeatInterleave(
                        sd.constant(Nd4j.createFromArray(new int[][] {{1, 2}, {3, 4}})), 3)
                .eval();
        assertThat(perQuery.toIntMatrix()).isEqualTo(new int[][] {{1, 2}, {1, 2}, {1, 2}, {3, 4}, {3, 4}, {3, 4}});
    }

    @Test
    void perQueryValidLengthsMaskEveryHeadsRows() {
        Nd4j.getRandom().setSeed(22);
        MultiHeadAttention attention = new MultiHeadAttention(3, 4, 5, 8, 2, 0);
        INDArray lens = Nd4j.createFromArray(new int[][] {{1, 3}, {4, 2}});
        Attention.Output o = attention.apply(
                Nd4j.randn(DataType.FLOAT, 2, 2, 4),
                Nd4j.randn(DataType.FLOAT, 2, 4, 3),
                Nd4j.randn(DataType.FLOAT, 2, 4, 5),
                lens);
        for (int row = 0; row < 4; row++) {
            for (int q = 0; q < 2; q++) {
                int valid = lens.getInt(row / 2, q);
                INDArray w =
                        o.attentionWeights().get(NDArrayIndex.point(row), NDArrayIndex.point(q), NDArrayIndex.all());
                assertThat(w.sumNumber().doubleValue()).isCloseTo(1, within(1e-6));
                for (int k = valid; k < 4; k++) {
                    assertThat(w.getDouble(k))
                            .as("head row %d query %d key %d", row, q, k)
                            .isZero();
                }
            }
        }
    }

    @Test
    void nd4jsOwnMultiHeadAttentionOnTheSameWeightsGivesTheSameOutputWithoutAMask() {
        Nd4j.getRandom().setSeed(23);
        MultiHeadAttention attention = new MultiHeadAttention(5, 4, 3, 12, 3, 0);
        SameDiff sd = SameDiff.create();
        SDVariable q = sd.constant(Nd4j.randn(DataType.FLOAT, 2, 3, 4));
        SDVariable k = sd.constant(Nd4j.randn(DataType.FLOAT, 2, 6, 5));
        SDVariable v = sd.constant(Nd4j.randn(DataType.FLOAT, 2, 6, 3));
        INDArray book = attention.forward(q, k, v, null).eval();
        INDArray concise = attention.concise(q, k, v, null).eval();
        assertThat(book.shape()).containsExactly(2, 3, 12);
        NdAssert.assertClose("ND4J's multiHeadDotProductAttention", concise, book, 1e-5);
    }

    @Test
    void nd4jsKeyMaskAgreesWithValidLengthsThatLeaveEveryRowAKey() {
        Nd4j.getRandom().setSeed(24);
        MultiHeadAttention attention = new MultiHeadAttention(5, 4, 3, 12, 3, 0);
        SameDiff sd = SameDiff.create();
        SDVariable q = sd.constant(Nd4j.randn(DataType.FLOAT, 2, 3, 4));
        SDVariable k = sd.constant(Nd4j.randn(DataType.FLOAT, 2, 6, 5));
        SDVariable v = sd.constant(Nd4j.randn(DataType.FLOAT, 2, 6, 3));
        SDVariable lens = sd.constant(Nd4j.createFromArray(4, 1));
        INDArray book = attention.forward(q, k, v, lens).eval();
        INDArray concise =
                attention.concise(q, k, v, SequenceMask.mask(lens, 6)).eval();
        NdAssert.assertClose("with a key mask", concise, book, 1e-5);
    }

    @Test
    void dropoutInTrainingDrawsOneMaskPerBatchElementAndHead() {
        Nd4j.getRandom().setSeed(25);
        MultiHeadAttention attention = new MultiHeadAttention(3, 3, 3, 6, 3, 0.5);
        SameDiff sd = SameDiff.create();
        SDVariable X = sd.placeHolder("X", DataType.FLOAT, -1, 4, 3);
        SDVariable out = attention.forward(X, X, X, null);
        Map<String, INDArray> feed = Dropout.draws(sd, 2);
        assertThat(feed.values())
                .singleElement()
                .satisfies(u -> assertThat(u.shape()).containsExactly(2, 3, 4, 4));
        feed.put("X", Nd4j.randn(DataType.FLOAT, 2, 4, 3));
        Map<String, INDArray> r =
                sd.output(feed, out.name(), attention.attentionWeights().name());
        assertThat(r.get(out.name()).shape()).containsExactly(2, 4, 6);
        // the kept weights are those before dropout: every row still sums to 1
        NdAssert.assertClose(
                "row sums", r.get(attention.attentionWeights().name()).sum(2), Nd4j.ones(DataType.FLOAT, 6, 4), 1e-5);
        attention.eval();
        SameDiff evalGraph = SameDiff.create();
        SDVariable Y = evalGraph.placeHolder("X", DataType.FLOAT, -1, 4, 3);
        attention.forward(Y, Y, Y, null);
        assertThat(Dropout.draws(evalGraph, 2))
                .as("no dropout in evaluation mode")
                .isEmpty();
    }

    @Test
    void computedInputsOfUnknownSizeGiveTheSameOutputAsInputsOfKnownSize() {
        Nd4j.getRandom().setSeed(26);
        INDArray q = Nd4j.randn(DataType.FLOAT, 2, 3, 4);
        INDArray kv = Nd4j.randn(DataType.FLOAT, 2, 5, 4);
        INDArray lens = Nd4j.createFromArray(new int[][] {{1, 5, 2}, {4, 3, 9}});
        for (Attention attention : new Attention[] {
            new MultiHeadAttention(4, 4, 4, 8, 2, 0.3),
            new AdditiveAttention(4, 4, 6, 0.3),
            new DotProductAttention(0.3)
        }) {
            attention.eval();
            INDArray fixed = attention.apply(q, kv, kv, lens).output(); // constants: sizes known when built
            SameDiff sd = SameDiff.create();
            // computed from placeholders: SameDiff knows no sizes, the blocks read them from the graph
            SDVariable Q = sd.placeHolder("q", DataType.FLOAT, -1, -1, 4).add(0);
            SDVariable KV = sd.placeHolder("kv", DataType.FLOAT, -1, -1, 4).add(0);
            SDVariable L = sd.placeHolder("lens", DataType.INT32, -1, -1).add(0);
            SDVariable out = attention.forward(Q, KV, KV, L);
            INDArray computed = sd.output(Map.of("q", q, "kv", kv, "lens", lens), out.name())
                    .get(out.name());
            NdAssert.assertClose(attention.getClass().getSimpleName(), computed, fixed, 1e-6);
        }
    }

    @Test
    void badSizesAreClearErrors() {
        assertThatThrownBy(() -> new MultiHeadAttention(100, 100, 100, 100, 3, 0.5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("100")
                .hasMessageContaining("3");
        assertThatThrownBy(() -> new MultiHeadAttention(100, 100, 100, 100, 0, 0.5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("num_heads 0");
        assertThatThrownBy(() -> new MultiHeadAttention(4, 4, 4, 4, 2, -0.1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-0.1");
        MultiHeadAttention biased = new MultiHeadAttention(4, 4, 4, 4, 2, 0, true);
        assertThat(biased.namedParameters()).containsKey("W_o.bias");
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.constant(Nd4j.ones(DataType.FLOAT, 1, 2, 4));
        assertThatThrownBy(() -> biased.concise(x, x, x, null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("bias");
    }
}
