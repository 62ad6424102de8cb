package io.github.d2l4j.ch10;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.d2l4j.common.section.RunOptions;
import io.github.d2l4j.common.section.Summary;
import io.github.d2l4j.common.seq2seq.TrainSeq2seq;
import io.github.d2l4j.common.seq2seq.Translation;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/** 10.4 on a small text in fra.txt's format: the book's demo, a short training run, BLEU, the heatmap. */
class BahdanauAttentionTest {
    /** The book's four pairs, in fra.txt's raw form. */
    static final String PAIRS =
            "Go.\tVa !\nI lost.\tJ'ai perdu.\nHe's calm.\tIl est calme.\nI'm home.\tJe suis chez moi.\n";

    @TempDir
    Path out;

    static String text(int repeats) {
        return IntStream.range(0, repeats).mapToObj(i -> PAIRS).collect(Collectors.joining());
    }

    @Test
    void showsTheBooksDemoTrainsTranslatesAndDrawsTheAttention() {
        // 40 examples (41 pairs, the book's off-by-one), one batch of 64 per epoch, a small model
        BahdanauAttention.Result r = BahdanauAttention.run(
                new BahdanauAttention.Config(text(20), 40, 8, 16, 2, 0.1, 64, 10, 0.05, 6, 1, out));
        // output.shape, len(state), state[0].shape, len(state[1]), state[1][0].shape
        assertThat(r.demoShapes().get(0)).containsExactly(4, 7, 10);
        assertThat(r.demoShapes().get(1)).containsExactly(3);
        assertThat(r.demoShapes().get(2)).containsExactly(4, 7, 16);
        assertThat(r.demoShapes().get(3)).containsExactly(2);
        assertThat(r.demoShapes().get(4)).containsExactly(4, 16);

        assertThat(r.training().epochs()).hasSize(6);
        assertThat(r.training().loss()).isLessThan(r.training().epochs().get(0).loss());
        assertThat(r.training().plot()).isEqualTo(out.resolve("10.4-train.png")).isRegularFile();
        assertThat(r.translations()).extracting(Translation::eng).containsExactlyElementsOf(Translation.ENGS);
        for (Translation t : r.translations()) {
            assertThat(t.bleu())
                    .isEqualTo(TrainSeq2seq.bleu(t.translation(), t.fra(), 2))
                    .isBetween(0.0, 1.0);
        }

        // "i'm home ." has 3 tokens and <eos>: 4 key columns, one row per generated token (and <eos>)
        INDArray w = r.attentionWeights();
        String last = r.translations().get(3).translation();
        int tokens = last.isEmpty() ? 0 : last.split(" ").length;
        assertThat(w.shape()).hasSize(4).startsWith(1, 1);
        assertThat(w.size(2)).isIn((long) tokens, (long) tokens + 1);
        assertThat(w.size(3)).isEqualTo(4);
        // the columns cut away are padding, masked to 0, so each kept row still sums to 1
        for (double rowSum : w.sum(3).reshape(w.size(2)).toDoubleVector()) {
            assertThat(rowSum).isCloseTo(1, within(1e-5));
        }
        assertThat(r.heatmap()).isEqualTo(out.resolve("10.4-attention.png")).isRegularFile();

        Map<String, String> s = Summary.parse(r.summary().line("10.4"));
        assertThat(s)
                .containsKeys(
                        "loss",
                        "tokens_per_sec",
                        "sec_per_epoch",
                        "bleu1",
                        "bleu2",
                        "bleu3",
                        "bleu4",
                        "plot",
                        "heatmap");
    }

    @Test
    void defaultsAreTheBooksAndBadSettingsAreRefused() {
        BahdanauAttention.Config c = BahdanauAttention.Config.from(RunOptions.none());
        assertThat(c.rawText()).isNull();
        assertThat(c.numExamples()).isEqualTo(600);
        assertThat(c.embedSize()).isEqualTo(32);
        assertThat(c.numHiddens()).isEqualTo(32);
        assertThat(c.numLayers()).isEqualTo(2);
        assertThat(c.dropout()).isEqualTo(0.1);
        assertThat(c.batchSize()).isEqualTo(64);
        assertThat(c.numSteps()).isEqualTo(10);
        assertThat(c.lr()).isEqualTo(0.005);
        assertThat(c.numEpochs()).isEqualTo(250);
        assertThat(c.seed()).isEqualTo(42);
        assertThatThrownBy(() -> new BahdanauAttention.Config(null, 600, 32, 32, 2, 1.0, 64, 10, 0.005, 250, 42, out))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dropout must be in [0, 1), got 1.0");
        assertThatThrownBy(() -> new BahdanauAttention.Config(null, 600, 32, 0, 2, 0.1, 64, 10, 0.005, 250, 42, out))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("number of hidden units");
    }
}
