package io.github.d2l4j.common.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** On small generated texts written to a temporary file. */
class TimeMachineTest {
    @TempDir
    Path dir;

    Path write(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }

    @Test
    void readingKeepsLettersOnlyLowerCasedWithOneSpaceForEachRunOfOthers() throws Exception {
        Path file = write("t.txt", "The Time Machine, by H. G. Wells [1898]\n\n\n  I\r\nIt's 12 o'clock--NOW!\rend\n");
        assertThat(TimeMachine.readTimeMachine(file))
                .containsExactly("the time machine by h g wells", "", "", "i", "it s o clock now", "end");
    }

    @Test
    void aLastLineWithoutNewlineIsALineAndTrailingNewlinesGiveEmptyLines() throws Exception {
        assertThat(TimeMachine.readTimeMachine(write("a.txt", "one\ntwo"))).containsExactly("one", "two");
        assertThat(TimeMachine.readTimeMachine(write("b.txt", "one\n\n"))).containsExactly("one", "");
    }

    @Test
    void theCorpusJoinsLinesWithNothingBetweenAndTheVocabularyIsCharacters() {
        TimeMachine.Corpus c = TimeMachine.loadCorpusTimeMachine(List.of("ab a", "", "ba"), -1);
        // counts: a 3, b 2, ' ' 1 -> <unk> 0, a 1, b 2, ' ' 3
        assertThat(c.vocab().idxToToken()).containsExactly("<unk>", "a", "b", " ");
        assertThat(c.corpus()).containsExactly(1, 2, 3, 1, 2, 1); // "ab a" + "ba", no separator
        assertThat(c.vocab().toTokens(c.corpus())).containsExactly("a", "b", " ", "a", "b", "a");
    }

    @Test
    void theVocabularyIsBuiltOnTheWholeTextBeforeTruncation() {
        List<String> lines = List.of("aaaa", "bbb", "zz");
        TimeMachine.Corpus c = TimeMachine.loadCorpusTimeMachine(lines, 5);
        assertThat(c.corpus()).containsExactly(1, 1, 1, 1, 2);
        assertThat(c.vocab().idxToToken()).containsExactly("<unk>", "a", "b", "z"); // z lies past the 5
        assertThat(TimeMachine.loadCorpusTimeMachine(lines, 0).corpus()).hasSize(9); // the book's max_tokens > 0
        assertThat(TimeMachine.loadCorpusTimeMachine(lines, 100).corpus()).hasSize(9);
    }

    @Test
    void anEmptyFileIsADataErrorNamingIt() throws Exception {
        Path file = write("empty.txt", "");
        assertThatThrownBy(() -> TimeMachine.readTimeMachine(file))
                .isInstanceOf(DataUnavailableException.class)
                .hasMessageStartingWith(file + " is empty")
                .hasMessageContaining("090b5e7e70c295757f55df93cb0a180b9691891a");
    }

    @Test
    void aBinaryFileIsADataErrorNamingIt() throws Exception {
        Path file = Files.write(dir.resolve("weights.bin"), new byte[] {'P', 'K', 3, 4, (byte) 0xff, (byte) 0xfe, 0});
        assertThatThrownBy(() -> TimeMachine.readTimeMachine(file))
                .isInstanceOf(DataUnavailableException.class)
                .hasMessageStartingWith(file + " is not a text file");
        Path nul = Files.write(dir.resolve("nul.txt"), "text\0more".getBytes(StandardCharsets.US_ASCII));
        assertThatThrownBy(() -> TimeMachine.readTimeMachine(nul))
                .isInstanceOf(DataUnavailableException.class)
                .hasMessageStartingWith(nul + " is not a text file");
    }

    @Test
    void aTextWithoutLettersIsADataErrorNamingIt() throws Exception {
        Path file = write("digits.txt", "1898\n\n-- 42 --\n");
        assertThatThrownBy(() -> TimeMachine.readTimeMachine(file))
                .isInstanceOf(DataUnavailableException.class)
                .hasMessageStartingWith(file + " has no letters at all");
    }

    @Test
    void aMissingFileIsADataErrorNamingIt() {
        Path file = dir.resolve("nowhere.txt");
        assertThatThrownBy(() -> TimeMachine.readTimeMachine(file))
                .isInstanceOf(DataUnavailableException.class)
                .hasMessageStartingWith("cannot read " + file);
    }

    @Test
    void loadDataOnLinesOfOnesOwnGivesTheBooksEightBatches() {
        // 10,400 generated characters; the first 10,000 are kept, as the book's max_tokens
        String[] words = {"time", "traveller", "machine", "the", "of", "and"};
        List<String> lines = new ArrayList<>();
        Random rng = new Random(1);
        for (int i = 0; i < 400; i++) {
            StringBuilder line = new StringBuilder(words[rng.nextInt(words.length)]);
            while (line.length() < 26) {
                line.append(' ').append(words[rng.nextInt(words.length)]);
            }
            lines.add(line.substring(0, 26));
        }
        TimeMachine.Data d = TimeMachine.loadDataTimeMachine(lines, 32, 35, false, 10_000, 7);
        assertThat(d.trainIter().corpus()).hasSize(10_000);
        assertThat(d.vocab()).isSameAs(d.trainIter().vocab());
        assertThat(d.vocab().size())
                .isEqualTo(1
                        + (int) Arrays.stream("timeravlrchnofd ".split(""))
                                .distinct()
                                .count());
        int n = 0;
        for (SeqDataLoader.Batch b : d.trainIter()) {
            assertThat(b.X().shape()).containsExactly(32, 35);
            n++;
        }
        assertThat(n).isEqualTo(8);
    }
}
