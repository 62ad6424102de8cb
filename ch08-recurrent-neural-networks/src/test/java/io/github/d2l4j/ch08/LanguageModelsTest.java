package io.github.d2l4j.ch08;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.d2l4j.common.data.SeqDataLoader;
import io.github.d2l4j.common.data.Vocab;
import io.github.d2l4j.common.section.RunOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 8.3 on a generated text whose n-gram counts are worked out by hand: 100 times the three lines
 * "the time traveller", "of the time machine", "i saw the time", 1,100 words and 5,100 characters.
 */
class LanguageModelsTest {
    @TempDir
    Path out;

    static List<String> lines() {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            lines.addAll(List.of("the time traveller", "of the time machine", "i saw the time"));
        }
        return lines;
    }

    @Test
    void nGramCountsZipfPlotAndMinibatches() throws Exception {
        LanguageModels.Result r = LanguageModels.run(new LanguageModels.Config(lines(), 1, out));

        assertThat(r.unigramTop10())
                .containsExactly(
                        Map.entry("the", 300),
                        Map.entry("time", 300),
                        Map.entry("traveller", 100),
                        Map.entry("of", 100),
                        Map.entry("machine", 100),
                        Map.entry("i", 100),
                        Map.entry("saw", 100));
        assertThat(r.unigramVocab()).isEqualTo(8);
        // the corpus is flat: "time the" spans the 99 joins of the 100 repeats
        assertThat(r.bigramTop10())
                .containsExactly(
                        Map.entry("the time", 300),
                        Map.entry("time traveller", 100),
                        Map.entry("traveller of", 100),
                        Map.entry("of the", 100),
                        Map.entry("time machine", 100),
                        Map.entry("machine i", 100),
                        Map.entry("i saw", 100),
                        Map.entry("saw the", 100),
                        Map.entry("time the", 99));
        assertThat(r.bigramVocab()).isEqualTo(10);
        assertThat(r.trigramTop10())
                .hasSize(10)
                .startsWith(Map.entry("the time traveller", 100), Map.entry("time traveller of", 100))
                .endsWith(Map.entry("saw the time", 100), Map.entry("the time the", 99));
        assertThat(r.trigramVocab()).isEqualTo(12); // and "time the time" 99, 11th

        assertThat(r.plot()).isEqualTo(out.resolve("8.3-zipf.png"));
        assertThat(Files.size(r.plot())).isPositive();

        assertThat(r.randomDemo()).hasSize(3);
        assertThat(r.sequentialDemo().size()).isBetween(2, 3);
        for (SeqDataLoader.Batch b : concat(r.randomDemo(), r.sequentialDemo())) {
            assertThat(b.X().shape()).containsExactly(2, 5);
            assertThat(b.Y().sub(b.X()).ravel().toIntVector()).containsOnly(1); // range(35): Y = X + 1
        }
        // 5,100 characters: sequentially (5099 - offset) / 32 = 159 or 158 columns / 35 -> 4;
        // randomly (5099 - offset) / 35 = 145 or 144 subsequences / 32 -> 4
        assertThat(r.batchesSequential()).isEqualTo(4);
        assertThat(r.batchesRandom()).isEqualTo(4);
        assertThat(r.summary().toString())
                .startsWith(
                        "unigram_vocab=8 bigram_vocab=10 trigram_vocab=12 batches_sequential=4 batches_random=4 plot=");
    }

    @Test
    void nGramsAreTheWordsWithOneSpaceBetween() {
        List<String> words = List.of("a", "b", "c", "d");
        assertThat(LanguageModels.nGrams(words, 2)).containsExactly("a b", "b c", "c d");
        assertThat(LanguageModels.nGrams(words, 3)).containsExactly("a b c", "b c d");
        assertThat(LanguageModels.nGrams(List.of("a"), 2)).isEmpty();
    }

    @Test
    void theZipfCurveKeepsTheEndsOfEachRunOfEqualCounts() {
        // counts a 5, b 3, c 3, d 3, e 1, f 1 at ranks 1..6
        Vocab v = new Vocab(
                List.of("a", "a", "a", "a", "a", "b", "b", "b", "c", "c", "c", "d", "d", "d", "e", "f"), 0, List.of());
        double[][] curve = LanguageModels.zipfCurve(v);
        assertThat(curve[0]).containsExactly(1, 2, 4, 5, 6);
        assertThat(curve[1]).containsExactly(5, 3, 3, 1, 1);
        assertThat(LanguageModels.zipfCurve(new Vocab(List.of("a"), 0, List.of())))
                .isEqualTo(new double[][] {{1}, {1}});
    }

    @Test
    void theSectionReadsSeedAndOutOnly() {
        RunOptions o = new RunOptions(3, 16, null, 7L, out, null, null);
        LanguageModels.Config c = LanguageModels.Config.from(o);
        assertThat(c.seed()).isEqualTo(7);
        assertThat(c.out()).isEqualTo(out);
        assertThat(o.unread()).containsExactly("epochs", "batchSize");
        LanguageModels.Config book = LanguageModels.Config.from(RunOptions.none());
        assertThat(book.seed()).isEqualTo(42);
        assertThat(book.lines()).isNull();
    }

    private static List<SeqDataLoader.Batch> concat(List<SeqDataLoader.Batch> a, List<SeqDataLoader.Batch> b) {
        List<SeqDataLoader.Batch> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
