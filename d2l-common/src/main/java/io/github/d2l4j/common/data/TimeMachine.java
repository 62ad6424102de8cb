package io.github.d2l4j.common.data;

import io.github.d2l4j.common.io.Reasons;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * H. G. Wells' <i>The Time Machine</i>, the book's text for language models: its lines cleaned to
 * lower-case letters and spaces, its corpus of character indices, and the minibatch loader of
 * §8.3.
 *
 * <p>Defined in D2L §8.2.
 */
public final class TimeMachine {
    /** The file's name in {@link DataHub}, registered with the book's URL and SHA-1. */
    public static final String HUB_NAME = "time_machine";

    /** The first 10,000 characters: the book's {@code max_tokens} for training. */
    public static final int BOOK_MAX_TOKENS = 10_000;

    private static final Pattern NON_LETTERS = Pattern.compile("[^A-Za-z]+");

    private TimeMachine() {}

    /**
     * The corpus as indices into the vocabulary, and the vocabulary.
     *
     * @param corpus one index per character, the lines one after the other with nothing between
     */
    public record Corpus(int[] corpus, Vocab vocab) {}

    /** A minibatch loader over the corpus, and the corpus' vocabulary. */
    public record Data(SeqDataLoader trainIter, Vocab vocab) {}

    /**
     * The lines of the hub's {@code timemachine.txt}, downloaded (or taken from {@code D2L_HUB})
     * and checked against the book's SHA-1, then cleaned as {@link #readTimeMachine(Path)} does.
     *
     * <p>Defined in D2L §8.2.
     *
     * @throws DataUnavailableException when the file cannot be had or is not text
     */
    public static List<String> readTimeMachine() {
        return readTimeMachine(DataHub.download(HUB_NAME));
    }

    /**
     * The lines of {@code file}, each with every run of characters other than A-Z and a-z replaced
     * by one space, stripped and lower-cased: {@code re.sub('[^A-Za-z]+', ' ', line).strip().lower()}.
     * Lines end at {@code \n}, {@code \r\n} or {@code \r}, as Python's text mode reads them. Empty
     * lines stay, as empty strings.
     *
     * <p>Defined in D2L §8.2.
     *
     * @throws DataUnavailableException naming the file when it cannot be read, is empty, is not
     *     UTF-8 text (binary bytes, a NUL character) or has no letter at all
     */
    public static List<String> readTimeMachine(Path file) {
        String text = readText(file);
        List<String> lines = new ArrayList<>();
        for (String line : text.split("\r\n|\r|\n", -1)) {
            lines.add(NON_LETTERS.matcher(line).replaceAll(" ").strip().toLowerCase(Locale.ROOT));
        }
        if (text.endsWith("\n") || text.endsWith("\r")) {
            lines.remove(lines.size() - 1); // readlines() has no empty line after the last newline
        }
        if (lines.stream().allMatch(String::isEmpty)) {
            throw new DataUnavailableException(file + " has no letters at all, so it is not The Time Machine's text:"
                    + " replace it with the hub's timemachine.txt (SHA-1 "
                    + DataHub.entry(HUB_NAME).sha1() + ")");
        }
        return lines;
    }

    /** The whole file, decoded strictly as UTF-8; a data error names the file and what is wrong. */
    private static String readText(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new DataUnavailableException("cannot read " + file + ": " + Reasons.describe(e), e);
        }
        if (bytes.length == 0) {
            throw new DataUnavailableException(file + " is empty: replace it with the hub's timemachine.txt (SHA-1 "
                    + DataHub.entry(HUB_NAME).sha1() + ")");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            text = null;
        }
        if (text == null || text.indexOf('\0') >= 0) {
            throw new DataUnavailableException(file + " is not a text file (it holds bytes that are not UTF-8 text):"
                    + " replace it with the hub's timemachine.txt (SHA-1 "
                    + DataHub.entry(HUB_NAME).sha1() + ")");
        }
        return text;
    }

    /**
     * {@link #loadCorpusTimeMachine(List, int)} on the hub's file.
     *
     * <p>Defined in D2L §8.2.
     */
    public static Corpus loadCorpusTimeMachine(int maxTokens) {
        return loadCorpusTimeMachine(readTimeMachine(), maxTokens);
    }

    /**
     * Character tokens of all lines, their vocabulary, and the corpus of indices with the lines one
     * after the other and <b>nothing between them</b> ("...h g wellsithe time traveller...", as in the
     * book: its models learn "himwas" from it). The vocabulary is built on the whole text and the
     * corpus truncated afterwards, as the book does.
     *
     * <p>Defined in D2L §8.2.
     *
     * @param maxTokens the number of characters to keep; -1 (or any value up to 0, as the book's
     *     {@code if max_tokens > 0}) keeps them all
     */
    public static Corpus loadCorpusTimeMachine(List<String> lines, int maxTokens) {
        List<List<String>> tokens = Text.tokenize(lines, "char");
        Vocab vocab = Vocab.ofLines(tokens, 0, List.of());
        int[] corpus = vocab.get(Text.flatten(tokens));
        if (maxTokens > 0 && maxTokens < corpus.length) {
            corpus = Arrays.copyOf(corpus, maxTokens);
        }
        return new Corpus(corpus, vocab);
    }

    /**
     * The book's {@code load_data_time_machine}: a {@link SeqDataLoader} over the first {@code
     * maxTokens} characters of the hub's file (the book's default is {@value #BOOK_MAX_TOKENS}),
     * and the vocabulary of the whole text. The book uses Python's global {@code random}; here the
     * loader has a {@code java.util.Random} seeded with {@code seed}.
     *
     * <p>Defined in D2L §8.3.
     *
     * @throws IllegalArgumentException for a batch size or number of steps that is not positive, or
     *     too large for the corpus, before any minibatch is made
     */
    public static Data loadDataTimeMachine(
            int batchSize, int numSteps, boolean useRandomIter, int maxTokens, long seed) {
        SeqDataLoader loader = new SeqDataLoader(batchSize, numSteps, useRandomIter, maxTokens, seed);
        return new Data(loader, loader.vocab());
    }

    /**
     * {@link #loadDataTimeMachine(int, int, boolean, int, long)} on lines of one's own, such as a
     * generated text in a test; null lines mean the hub's file, the book's.
     *
     * <p>Defined in D2L §8.3.
     */
    public static Data loadDataTimeMachine(
            List<String> lines, int batchSize, int numSteps, boolean useRandomIter, int maxTokens, long seed) {
        if (lines == null) { // the book's text
            return loadDataTimeMachine(batchSize, numSteps, useRandomIter, maxTokens, seed);
        }
        SeqDataLoader.requireShape(batchSize, numSteps);
        Corpus c = loadCorpusTimeMachine(lines, maxTokens);
        SeqDataLoader loader = new SeqDataLoader(c.corpus(), c.vocab(), batchSize, numSteps, useRandomIter, seed);
        return new Data(loader, c.vocab());
    }
}
