package io.github.d2l4j.common.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VocabTest {
    // counts: c 1, b 3, a 3, d 2, e 3; first seen in the order c, b, a, d, e
    final List<String> tokens = List.of("c", "b", "a", "d", "b", "e", "a", "d", "e", "b", "a", "e");

    @Test
    void unkFirstThenByCountWithTiesInFirstSeenOrder() {
        Vocab v = new Vocab(tokens, 0, List.of());
        assertThat(v.idxToToken()).containsExactly("<unk>", "b", "a", "e", "d", "c");
        assertThat(v.size()).isEqualTo(6);
        assertThat(v.unk()).isZero();
        assertThat(v.tokenFreqs())
                .containsExactly(
                        Map.entry("b", 3), Map.entry("a", 3), Map.entry("e", 3), Map.entry("d", 2), Map.entry("c", 1));
    }

    @Test
    void reservedTokensComeRightAfterUnk() {
        Vocab v = new Vocab(tokens, 0, List.of("<pad>", "<bos>", "<eos>"));
        assertThat(v.idxToToken()).containsExactly("<unk>", "<pad>", "<bos>", "<eos>", "b", "a", "e", "d", "c");
        assertThat(v.get("<eos>")).isEqualTo(3);
        assertThat(v.tokenFreqs()).hasSize(5); // reserved tokens are not counted
    }

    @Test
    void minFreqLeavesOutRareTokensButTokenFreqsKeepsThem() {
        Vocab v = new Vocab(tokens, 3, List.of("<pad>"));
        assertThat(v.idxToToken()).containsExactly("<unk>", "<pad>", "b", "a", "e");
        assertThat(v.get("d")).isEqualTo(v.unk());
        assertThat(v.tokenFreqs()).hasSize(5);
        assertThat(new Vocab(tokens, 2, List.of()).idxToToken()).containsExactly("<unk>", "b", "a", "e", "d");
        assertThat(new Vocab(tokens, 4, List.of()).idxToToken()).containsExactly("<unk>");
    }

    @Test
    void unknownTokensMapToUnkAndIndicesMapBack() {
        Vocab v = new Vocab(tokens, 0, List.of());
        assertThat(v.get("zebra")).isZero();
        assertThat(v.get(List.of("a", "zebra", "c"))).containsExactly(2, 0, 5);
        assertThat(v.toTokens(3)).isEqualTo("e");
        assertThat(v.toTokens(new int[] {1, 0, 5})).containsExactly("b", "<unk>", "c");
        for (int i = 0; i < v.size(); i++) {
            assertThat(v.get(v.toTokens(i))).as("round trip of %d", i).isEqualTo(i);
        }
    }

    @Test
    void anIndexOutsideTheVocabularyIsBadInput() {
        Vocab v = new Vocab(tokens, 0, List.of());
        assertThatThrownBy(() -> v.toTokens(6))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("index 6 is outside the vocabulary of 6 tokens");
        assertThatThrownBy(() -> v.toTokens(new int[] {1, -1}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("index -1 is outside the vocabulary of 6 tokens");
    }

    @Test
    void aCorpusTokenEqualToUnkOrAReservedTokenKeepsItsIndex() {
        Vocab v = new Vocab(List.of("x", "<pad>", "<pad>", "<unk>"), 0, List.of("<pad>"));
        assertThat(v.idxToToken()).containsExactly("<unk>", "<pad>", "x");
        assertThat(v.tokenFreqs()).containsExactly(Map.entry("<pad>", 2), Map.entry("x", 1), Map.entry("<unk>", 1));
    }

    @Test
    void ofLinesCountsTheTokensOfAllLines() {
        Vocab v = Vocab.ofLines(List.of(List.of("a", "b"), List.of(), List.of("b")), 0, List.of());
        assertThat(v.idxToToken()).containsExactly("<unk>", "b", "a");
        assertThat(Vocab.ofLines(List.of(), 0, List.of()).idxToToken()).containsExactly("<unk>");
    }

    @Test
    void badArgumentsAreNamed() {
        assertThatThrownBy(() -> new Vocab(tokens, -1, List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("minFreq must be >= 0, got -1");
        assertThatThrownBy(() -> new Vocab(tokens, 0, List.of("<pad>", "<pad>")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("reserved token '<pad>' is <unk> or given twice: [<pad>, <pad>]");
        assertThatThrownBy(() -> new Vocab(tokens, 0, List.of("<unk>")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("reserved token '<unk>'");
    }
}
