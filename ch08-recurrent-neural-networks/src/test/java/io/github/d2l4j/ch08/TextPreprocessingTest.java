package io.github.d2l4j.ch08;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.d2l4j.common.section.RunOptions;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** 8.2 on eleven generated lines whose counts are worked out by hand. */
class TextPreprocessingTest {
    // words, first seen in this order: the 4, time 3, machine 2, i 3, saw 1, b 1, zebra 1
    static final List<String> LINES = List.of(
            "the time machine", "", "i saw the time", "the machine", "", "b", "i", "", "time", "", "zebra the i");

    @Test
    void theBooksPrintedValuesOnGeneratedLines() {
        TextPreprocessing.Result r = TextPreprocessing.run(new TextPreprocessing.Config(LINES));
        assertThat(r.numLines()).isEqualTo(11);
        assertThat(r.line0()).isEqualTo("the time machine");
        assertThat(r.line10()).isEqualTo("zebra the i");
        assertThat(r.tokens()).hasSize(11);
        assertThat(r.tokens().get(2)).containsExactly("i", "saw", "the", "time");
        assertThat(r.tokens().get(1)).isEmpty();
        // by count, ties (time and i: 3; saw, b, zebra: 1) in first-seen order; fewer than 10 entries
        assertThat(r.vocabHead())
                .containsExactly(
                        Map.entry("<unk>", 0),
                        Map.entry("the", 1),
                        Map.entry("time", 2),
                        Map.entry("i", 3),
                        Map.entry("machine", 4),
                        Map.entry("saw", 5),
                        Map.entry("b", 6),
                        Map.entry("zebra", 7));
        assertThat(r.wordVocabSize()).isEqualTo(8);
        assertThat(r.indices0()).containsExactly(1, 2, 4);
        assertThat(r.indices10()).containsExactly(7, 1, 3);
        // characters: the lines one after the other, nothing between them
        assertThat(r.corpusLength())
                .isEqualTo(LINES.stream().mapToInt(String::length).sum())
                .isEqualTo(58);
        Set<String> chars = new HashSet<>();
        LINES.forEach(l -> l.chars().forEach(ch -> chars.add(Character.toString(ch))));
        assertThat(r.charVocabSize()).isEqualTo(chars.size() + 1).isEqualTo(15);
        // e (10 times) before the space (8 times)
        assertThat(r.charIdxToToken()).startsWith("<unk>", "e", " ");
        assertThat(r.summary().toString()).isEqualTo("lines=11 word_vocab=8 corpus=58 vocab=15");
    }

    @Test
    void fewerThanElevenLinesIsBadInput() {
        assertThatThrownBy(() -> new TextPreprocessing.Config(LINES.subList(0, 10)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("8.2 shows lines[10]: the text needs at least 11 lines, it has 10");
    }

    @Test
    void theSectionReadsNoOption() {
        RunOptions o = new RunOptions(3, null, null, 7L, Path.of("x"), null, null);
        assertThat(TextPreprocessing.Config.from(o).lines()).isNull(); // the hub's file
        assertThat(o.unread()).containsExactly("epochs", "seed", "out");
    }
}
