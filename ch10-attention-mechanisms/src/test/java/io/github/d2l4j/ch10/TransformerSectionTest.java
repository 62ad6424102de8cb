package io.github.d2l4j.ch10;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.d2l4j.common.section.RunOptions;
import io.github.d2l4j.common.section.Summary;
import io.github.d2l4j.common.seq2seq.TrainSeq2seq;
import io.github.d2l4j.common.seq2seq.Translation;
import io.github.d2l4j.common.testing.NdAssert;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** 10.7 on a small text in fra.txt's format: the page's demos, a short training run, translations, heatmaps. */
class TransformerSectionTest {
    /** The book's four pairs, in fra.txt's raw form. */
    static final String PAIRS =
            "Go.\tVa !\nI lost.\tJ'ai perdu.\nHe's calm.\tIl est calme.\nI'm home.\tJe suis chez moi.\n";

    @TempDir
    Path out;

    static String text(int repeats) {
        return IntStream.range(0, repeats).mapToObj(i -> PAIRS).collect(Collectors.joining());
    }

    /** 40 examples (41 pairs), one batch of 64 per epoch, 16 hidden units, 2 heads, 2 layers. */
    private Transformer.Config small(int numEpochs) {
        return new Transformer.Config(
                text(20), 40, 16, 2, 0.1, 64, 10, 0.01, numEpochs, 16, 32, 2, 16, 16, 16, new long[] {16}, 3, out);
    }

    @Test
    void showsTheBooksDemosTrainsTranslatesAndDrawsTheAttention() {
        Transformer.Result r = Transformer.run(small(10));

        Transformer.Demos d = r.demos();
        assertThat(d.ffnRows().shape()).containsExactly(3, 8);
        for (int i = 1; i < 3; i++) {
            NdAssert.assertClose("row " + i, d.ffnRows().getRow(i), d.ffnRows().getRow(0), 0);
        }
        float v = (float) (0.5 / Math.sqrt(0.25 + 1e-5));
        NdAssert.assertClose("layer norm", d.layerNorm(), Nd4j.createFromArray(new float[][] {{-v, v}, {-v, v}}), 1e-6);
        NdAssert.assertClose("batch norm", d.batchNorm(), Nd4j.createFromArray(new float[][] {{-v, -v}, {v, v}}), 1e-6);
        assertThat(d.addNormShape()).containsExactly(2, 3, 4);
        assertThat(d.encoderBlockShape()).containsExactly(2, 100, 24);
        assertThat(d.encoderBlockParameters()).isEqualTo(14_280);
        assertThat(d.encoderShape()).containsExactly(2, 100, 24);
        assertThat(d.decoderBlockShape()).containsExactly(2, 100, 24);

        assertThat(r.training().epochs()).hasSize(10);
        assertThat(r.training().loss()).isLessThan(r.training().epochs().get(0).loss());
        assertThat(r.training().plot()).isEqualTo(out.resolve("10.7-train.png")).isRegularFile();
        assertThat(r.translations()).extracting(Translation::eng).containsExactlyElementsOf(Translation.ENGS);
        for (Translation t : r.translations()) {
            assertThat(t.bleu())
                    .isEqualTo(TrainSeq2seq.bleu(t.translation(), t.fra(), 2))
                    .isBetween(0.0, 1.0);
        }

        // the encoder's self-attention for "i'm home .": 4 tokens with <eos> of 10 steps
        INDArray enc = r.encAttentionWeights();
        assertThat(enc.shape()).containsExactly(2, 2, 10, 10);
        NdAssert.assertClose("rows sum to 1", enc.sum(3), Nd4j.ones(DataType.FLOAT, 2, 2, 10), 1e-5);
        assertThat(enc.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(4, 10))
                        .maxNumber()
                        .doubleValue())
                .as("no weight past the valid length")
                .isZero();

        // the decoder's: one row per decoding step, the self-attention of step t over t + 1 keys
        long steps = r.decSelfAttentionWeights().size(2);
        String last = r.translations().get(3).translation();
        int tokens = last.isBlank() ? 0 : last.split(" ").length;
        assertThat(steps).isEqualTo(Math.min(tokens + 1, 10));
        assertThat(r.decSelfAttentionWeights().shape()).containsExactly(2, 2, steps, 10);
        assertThat(r.decInterAttentionWeights().shape()).containsExactly(2, 2, steps, 10);
        NdAssert.assertClose(
                "self-attention rows sum to 1",
                r.decSelfAttentionWeights().sum(3),
                Nd4j.ones(DataType.FLOAT, 2, 2, steps),
                1e-5);
        for (int t = 0; t + 1 < 10 && t < steps; t++) {
            assertThat(r.decSelfAttentionWeights()
                            .get(
                                    NDArrayIndex.all(),
                                    NDArrayIndex.all(),
                                    NDArrayIndex.point(t),
                                    NDArrayIndex.interval(t + 1, 10))
                            .maxNumber()
                            .doubleValue())
                    .as("step %d has %d keys: the rest is the book's fillna(0)", t, t + 1)
                    .isZero();
        }
        assertThat(r.encHeatmap())
                .isEqualTo(out.resolve("10.7-encoder-self-attention.png"))
                .isRegularFile();
        assertThat(r.decSelfHeatmap()).isRegularFile();
        assertThat(r.decInterHeatmap()).isRegularFile();

        Map<String, String> s = Summary.parse(r.summary().line("10.7"));
        assertThat(s)
                .containsKeys(
                        "loss",
                        "tokens_per_sec",
                        "sec_per_epoch",
                        "bleu1",
                        "bleu2",
                        "bleu3",
                        "bleu4",
                        "enc_heatmap",
                        "dec_self_heatmap",
                        "dec_inter_heatmap");
    }

    @Test
    void defaultsAreTheBooksAndBadSettingsAreRefused() {
        Transformer.Config c = Transformer.Config.from(RunOptions.none());
        assertThat(c.rawText()).isNull();
        assertThat(c.numExamples()).isEqualTo(600);
        assertThat(c.numHiddens()).isEqualTo(32);
        assertThat(c.numLayers()).isEqualTo(2);
        assertThat(c.dropout()).isEqualTo(0.1);
        assertThat(c.batchSize()).isEqualTo(64);
        assertThat(c.numSteps()).isEqualTo(10);
        assertThat(c.lr()).isEqualTo(0.005);
        assertThat(c.numEpochs()).isEqualTo(200);
        assertThat(c.ffnNumInput()).isEqualTo(32);
        assertThat(c.ffnNumHiddens()).isEqualTo(64);
        assertThat(c.numHeads()).isEqualTo(4);
        assertThat(new int[] {c.keySize(), c.querySize(), c.valueSize()}).containsExactly(32, 32, 32);
        assertThat(c.normShape()).containsExactly(32);
        assertThat(c.seed()).isEqualTo(42);
        assertThatThrownBy(() -> new Transformer.Config(
                        null, 600, 30, 2, 0.1, 64, 10, 0.005, 200, 30, 64, 4, 32, 32, 32, new long[] {30}, 42, out))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("num_hiddens 30 and num_heads 4");
        assertThatThrownBy(() -> new Transformer.Config(
                        null, 600, 32, 2, 1.0, 64, 10, 0.005, 200, 32, 64, 4, 32, 32, 32, new long[] {32}, 42, out))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dropout must be in [0, 1), got 1.0");
        assertThatThrownBy(() -> new Transformer.Config(
                        null,
                        600,
                        32,
                        2,
                        0.1,
                        64,
                        10,
                        0.005,
                        200,
                        32,
                        64,
                        4,
                        32,
                        32,
                        32,
                        new long[] {100, 32},
                        42,
                        out))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[100, 32]");
    }
}
