package io.github.d2l4j.ch08;

import io.github.d2l4j.common.data.Text;
import io.github.d2l4j.common.data.TimeMachine;
import io.github.d2l4j.common.data.Vocab;
import io.github.d2l4j.common.section.BookSection;
import io.github.d2l4j.common.section.RunOptions;
import io.github.d2l4j.common.section.SectionResult;
import io.github.d2l4j.common.section.Summary;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * From raw text to sequences of numbers, the first step of every language model: read H. G. Wells'
 * <i>The Time Machine</i> keeping only letters, lower-cased; split each line into tokens (words, or
 * characters); build a vocabulary that maps each token to an index, the most frequent first, with
 * {@code <unk>} at 0 for tokens it does not know; and turn the text into a corpus of indices.
 *
 * <p>Everything here is deterministic: on the hub's {@code timemachine.txt} the section finds the
 * book's 3221 lines, its first ten vocabulary entries, and a character corpus of 170,580 tokens
 * over a vocabulary of 28 (26 letters, the space and {@code <unk>}).
 *
 * <p>D2L 8.2, Text Preprocessing.
 */
@BookSection(
        id = "8.2",
        title = "Text Preprocessing",
        page = "https://zh.d2l.ai/chapter_recurrent-neural-networks/text-preprocessing.html")
public final class TextPreprocessing {
    private static final Logger LOG = LoggerFactory.getLogger(TextPreprocessing.class);

    /** The book prints {@code lines[10]} and {@code tokens[10]}. */
    static final int MIN_LINES = 11;

    /** @param lines the text, one string per line as read; null: the hub's timemachine.txt, the book's */
    public record Config(List<String> lines) {
        public Config {
            if (lines != null) {
                requireLines(lines.size());
                lines = List.copyOf(lines);
            }
        }

        public static Config from(RunOptions o) {
            return new Config(null); // the book's text, through the data hub; no option applies
        }
    }

    /**
     * @param numLines the number of lines
     * @param tokens the word tokens of the first 11 lines, as the book prints them
     * @param vocabHead the first 10 entries of the word vocabulary, token and index
     * @param indices0 the indices of {@code tokens[0]}; indices10 those of {@code tokens[10]}
     * @param wordVocabSize the size of the word vocabulary
     * @param corpusLength the number of characters in the character corpus, {@code len(corpus)}
     * @param charIdxToToken the character vocabulary, by index
     */
    public record Result(
            int numLines,
            String line0,
            String line10,
            List<List<String>> tokens,
            List<Map.Entry<String, Integer>> vocabHead,
            int[] indices0,
            int[] indices10,
            int wordVocabSize,
            int corpusLength,
            List<String> charIdxToToken)
            implements SectionResult {

        /** {@code len(vocab)} of the character vocabulary. */
        public int charVocabSize() {
            return charIdxToToken.size();
        }

        @Override
        public Summary summary() {
            return Summary.of()
                    .add("lines", numLines)
                    .add("word_vocab", wordVocabSize)
                    .add("corpus", corpusLength)
                    .add("vocab", charVocabSize());
        }
    }

    public static Result run(Config c) {
        // 8.2.1: read the data set, letters only, lower-cased
        List<String> lines = c.lines() != null ? c.lines() : TimeMachine.readTimeMachine();
        requireLines(lines.size());
        LOG.info("# text lines: {}", lines.size());
        LOG.info("{}", lines.get(0));
        LOG.info("{}", lines.get(10));

        // 8.2.2: tokenize, a list of words per line
        List<List<String>> tokens = Text.tokenize(lines, "word");
        for (int i = 0; i < MIN_LINES; i++) {
            LOG.info("{}", tokens.get(i));
        }

        // 8.2.3: the vocabulary, <unk> at 0, then the most frequent tokens first
        Vocab vocab = Vocab.ofLines(tokens, 0, List.of());
        List<Map.Entry<String, Integer>> head = new ArrayList<>();
        for (int i = 0; i < Math.min(10, vocab.size()); i++) {
            head.add(Map.entry(vocab.toTokens(i), i));
        }
        LOG.info("{}", head);
        int[][] indices = new int[2][];
        int[] shown = {0, 10};
        for (int k = 0; k < shown.length; k++) {
            indices[k] = vocab.get(tokens.get(shown[k]));
            LOG.info("text: {}", tokens.get(shown[k]));
            LOG.info("indices: {}", Arrays.toString(indices[k]));
        }

        // 8.2.4: all together, characters this time, one corpus of indices
        TimeMachine.Corpus corpus = TimeMachine.loadCorpusTimeMachine(lines, -1);
        LOG.info(
                "len(corpus), len(vocab) = ({}, {})",
                corpus.corpus().length,
                corpus.vocab().size());
        return new Result(
                lines.size(),
                lines.get(0),
                lines.get(10),
                List.copyOf(tokens.subList(0, MIN_LINES)),
                List.copyOf(head),
                indices[0],
                indices[1],
                vocab.size(),
                corpus.corpus().length,
                corpus.vocab().idxToToken());
    }

    private static void requireLines(int n) {
        if (n < MIN_LINES) {
            throw new IllegalArgumentException(
                    "8.2 shows lines[10]: the text needs at least " + MIN_LINES + " lines, it has " + n);
        }
    }
}
