package io.github.d2l4j.ch09;

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

/** 9.7 on a small text in fra.txt's format: the book's demos, a short training run, the BLEU lines. */
class Seq2seqSectionTest {
    /** The book's four pairs, in fra.txt's raw form. */
    static final String PAIRS =
            "Go.\tVa !\nI lost.\tJ'ai perdu.\nHe's calm.\tIl est calme.\nI'm home.\tJe suis chez moi.\n";

    @TempDir
    Path out;

    static String text(int repeats) {
        return IntStream.range(0, repeats).mapToObj(i -> PAIRS).collect(Collectors.joining());
    }

    @Test
    void showsTheBooksDemosTrainsAndScoresTheFourTranslations() {
        // 40 examples (41 pairs, the book's off-by-one), one batch of 64 per epoch, a small model
        Seq2seq.Result r = Seq2seq.run(new Seq2seq.Config(text(20), 40, 8, 16, 2, 0.1, 64, 10, 0.05, 8, 1, out));
        assertThat(r.encoderShapes().get(0)).containsExactly(7, 4, 16);
        assertThat(r.encoderShapes().get(1)).containsExactly(2, 4, 16);
        assertThat(r.decoderShapes().get(0)).containsExactly(4, 7, 10);
        assertThat(r.decoderShapes().get(1)).containsExactly(2, 4, 16);
        assertThat(r.masked().toIntMatrix()).isEqualTo(new int[][] {{1, 0, 0}, {4, 5, 0}});
        // ones(2, 3, 4) past valid lengths [1, 2]: the first sequence keeps 1 row of 4, the second 2
        double[] expected = new double[24];
        for (int i = 0; i < 24; i++) {
            expected[i] = i < 4 || (i >= 12 && i < 20) ? 1 : -1;
        }
        assertThat(r.maskedValue().reshape(24).toDoubleVector()).containsExactly(expected);
        assertThat(r.lossCheck()[0]).isCloseTo(2.3026, within(1e-4));
        assertThat(r.lossCheck()[1]).isCloseTo(1.1513, within(1e-4));
        assertThat(r.lossCheck()[2]).isCloseTo(0, within(1e-7));

        assertThat(r.training().epochs()).hasSize(8);
        assertThat(r.training().loss()).isLessThan(r.training().epochs().get(0).loss());
        assertThat(r.training().plot()).isEqualTo(out.resolve("9.7-train.png")).isRegularFile();
        assertThat(r.translations()).extracting(Translation::eng).containsExactlyElementsOf(Translation.ENGS);
        for (Translation t : r.translations()) {
            assertThat(t.bleu())
                    .isEqualTo(TrainSeq2seq.bleu(t.translation(), t.fra(), 2))
                    .isBetween(0.0, 1.0);
        }
        Map<String, String> s = Summary.parse(r.summary().line("9.7"));
        assertThat(s).containsKeys("loss", "tokens_per_sec", "sec_per_epoch", "bleu1", "bleu2", "bleu3", "bleu4");
    }

    @Test
    void defaultsAreTheBooksAndBadSettingsAreRefused() {
        Seq2seq.Config c = Seq2seq.Config.from(RunOptions.none());
        assertThat(c.rawText()).isNull();
        assertThat(c.numExamples()).isEqualTo(600);
        assertThat(c.embedSize()).isEqualTo(32);
        assertThat(c.numHiddens()).isEqualTo(32);
        assertThat(c.numLayers()).isEqualTo(2);
        assertThat(c.dropout()).isEqualTo(0.1);
        assertThat(c.batchSize()).isEqualTo(64);
        assertThat(c.numSteps()).isEqualTo(10);
        assertThat(c.lr()).isEqualTo(0.005);
        assertThat(c.numEpochs()).isEqualTo(300);
        assertThatThrownBy(() -> new Seq2seq.Config(null, 600, 32, 32, 2, 1.0, 64, 10, 0.005, 300, 42, out))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dropout must be in [0, 1), got 1.0");
        assertThatThrownBy(() -> new Seq2seq.Config(null, 600, 32, 32, 2, 0.1, 64, 0, 0.005, 300, 42, out))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("number of steps");
    }
}
