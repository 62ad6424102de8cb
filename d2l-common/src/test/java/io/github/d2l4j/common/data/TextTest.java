package io.github.d2l4j.common.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TextTest {
    final List<String> lines = List.of("the time machine", "", "  by  h g  wells ", "i");

    @Test
    void wordTokensSplitOnRunsOfWhitespaceAndAnEmptyLineHasNone() {
        assertThat(Text.tokenize(lines, "word"))
                .containsExactly(
                        List.of("the", "time", "machine"), List.of(), List.of("by", "h", "g", "wells"), List.of("i"));
        assertThat(Text.tokenize(List.of("a\tb\u00a0c"), "word").get(0)).containsExactly("a", "b", "c");
    }

    @Test
    void charTokensAreEveryCharacterSpacesIncluded() {
        List<List<String>> tokens = Text.tokenize(List.of("ab c", "", "d"), "char");
        assertThat(tokens).containsExactly(List.of("a", "b", " ", "c"), List.of(), List.of("d"));
        // one token per code point, as Python's list(str): a character outside the BMP is one token
        assertThat(Text.tokenize(List.of("a\uD83D\uDE00b"), "char").get(0)).containsExactly("a", "\uD83D\uDE00", "b");
    }

    @Test
    void anUnknownTokenTypeIsBadInputNamingIt() {
        assertThatThrownBy(() -> Text.tokenize(lines, "sentence"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown token type 'sentence': use \"word\" or \"char\"");
    }

    @Test
    void countCorpusCountsInFirstSeenOrder() {
        Map<String, Integer> counts = Text.countCorpus(List.of("b", "a", "c", "a", "b", "a"));
        assertThat(counts).containsExactly(Map.entry("b", 2), Map.entry("a", 3), Map.entry("c", 1));
        assertThat(Text.countCorpus(List.of())).isEmpty();
    }

    @Test
    void countCorpusOfLinesFlattensTheLinesFirst() {
        Map<String, Integer> counts = Text.countCorpusOfLines(Text.tokenize(lines, "word"));
        assertThat(counts.keySet()).containsExactly("the", "time", "machine", "by", "h", "g", "wells", "i");
        assertThat(counts.values()).containsOnly(1);
        assertThat(Text.countCorpusOfLines(List.of(List.of("x", "y"), List.of(), List.of("y"))))
                .containsExactly(Map.entry("x", 1), Map.entry("y", 2));
    }
}
