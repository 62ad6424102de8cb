package io.github.d2l4j.ch09;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.d2l4j.common.section.RunOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** 9.5 on a generated text in fra.txt's format, with the book's first six lines at its head. */
class MachineTranslationAndDatasetTest {
    static final String HEAD =
            "Go.\tVa !\nHi.\tSalut !\nRun!\tCours\u202f!\nRun!\tCourez\u202f!\nWho?\tQui ?\nWow!\tÇa alors\u202f!\n";

    @TempDir
    Path out;

    /** The book's head, then {@code n} more pairs: "go" appears in 1 of 3, "w{i}" once each. */
    static String text(int n) {
        return HEAD
                + IntStream.range(0, n)
                        .mapToObj(i -> (i % 3 == 0 ? "Go w" : "Hi w") + i + ".\tVa m" + i + " !")
                        .collect(Collectors.joining("\n", "", "\n"));
    }

    @Test
    void printsWhatTheBookPrints() {
        MachineTranslationAndDataset.Result r =
                MachineTranslationAndDataset.run(new MachineTranslationAndDataset.Config(text(700), 2, 8, 1, out));
        assertThat(r.raw75()).isEqualTo(HEAD.substring(0, 75));
        assertThat(r.text80())
                .startsWith("go .\tva !\nhi .\tsalut !\nrun !\tcours !\n")
                .hasSize(80);
        assertThat(r.source6())
                .containsExactly(
                        List.of("go", "."),
                        List.of("hi", "."),
                        List.of("run", "!"),
                        List.of("run", "!"),
                        List.of("who", "?"),
                        List.of("wow", "!"));
        assertThat(r.target6().get(5)).containsExactly("ça", "alors", "!");
        assertThat(r.numPairs()).isEqualTo(706);
        assertThat(r.histogram()).isEqualTo(out.resolve("9.5-hist.png")).isRegularFile();
        // <unk> <pad> <bos> <eos>, then by count: . 702, hi 467, go 235, ! 3, run 2 (who, ?, wow, w{i}: once)
        assertThat(r.srcVocabSize()).isEqualTo(9);
        assertThat(r.truncatePadDemo()).containsExactly(6, 4, 1, 1, 1, 1, 1, 1, 1, 1); // go .
        // 601 pairs, batches of 2: 301 of them, the last one short
        assertThat(r.batches()).isEqualTo(301);
        assertThat(r.first().X().shape()).containsExactly(2, 8);
        assertThat(r.summary().toString()).startsWith("pairs=706 src_vocab=9 ");
    }

    @Test
    void defaultsAreTheBooksAndBadShapesAreRefused() {
        MachineTranslationAndDataset.Config c = MachineTranslationAndDataset.Config.from(RunOptions.none());
        assertThat(c.batchSize()).isEqualTo(2);
        assertThat(c.numSteps()).isEqualTo(8);
        assertThat(c.rawText()).isNull();
        assertThatThrownBy(() -> new MachineTranslationAndDataset.Config(null, 0, 8, 1, out))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got 0 and 8");
        assertThatThrownBy(() ->
                        MachineTranslationAndDataset.run(new MachineTranslationAndDataset.Config("", 2, 8, 1, out)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no pair");
    }

    @Test
    void headCountsCodePointsAsPython() {
        assertThat(MachineTranslationAndDataset.head("a\uD83D\uDE00bc", 2)).isEqualTo("a\uD83D\uDE00");
        assertThat(MachineTranslationAndDataset.head("ab", 5)).isEqualTo("ab");
    }
}
