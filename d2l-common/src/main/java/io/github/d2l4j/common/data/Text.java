package io.github.d2l4j.common.data;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Text into tokens, and tokens counted: the book's {@code tokenize} and {@code count_corpus}.
 *
 * <p>Defined in D2L §8.2.
 */
public final class Text {
    private Text() {}

    /**
     * Splits each line into word tokens ({@code "word"}: the book's {@code line.split()}, runs of
     * whitespace, an empty line giving no token) or character tokens ({@code "char"}: the book's
     * {@code list(line)}, one token per Unicode code point, spaces included).
     *
     * <p>The book prints an error and returns {@code None} for another token type; here it is bad
     * input.
     *
     * <p>Defined in D2L §8.2.
     *
     * @throws IllegalArgumentException for a token type other than "word" and "char"
     */
    public static List<List<String>> tokenize(List<String> lines, String token) {
        boolean word = "word".equals(token);
        if (!word && !"char".equals(token)) {
            throw new IllegalArgumentException("unknown token type '" + token + "': use \"word\" or \"char\"");
        }
        List<List<String>> tokens = new ArrayList<>(lines.size());
        for (String line : lines) {
            tokens.add(word ? words(line) : chars(line));
        }
        return tokens;
    }

    /**
     * Counts each token, as the book's {@code collections.Counter}: the map keeps the tokens in the
     * order they are first seen, which {@link Vocab} relies on to order tokens of equal count.
     *
     * <p>Defined in D2L §8.2.
     */
    public static Map<String, Integer> countCorpus(List<String> tokens) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String t : tokens) {
            counts.merge(t, 1, Integer::sum);
        }
        return counts;
    }

    /**
     * {@link #countCorpus} of the lines' tokens one after the other: the book's {@code
     * count_corpus} flattens a list of token lists first.
     *
     * <p>Defined in D2L §8.2.
     */
    public static Map<String, Integer> countCorpusOfLines(List<List<String>> lines) {
        return countCorpus(flatten(lines));
    }

    /** The lines' tokens one after the other, {@code [token for line in tokens for token in line]}. */
    public static List<String> flatten(List<List<String>> lines) {
        List<String> flat = new ArrayList<>();
        lines.forEach(flat::addAll);
        return flat;
    }

    /** Python's {@code str.split()}: runs of whitespace separate, none at either end. */
    private static List<String> words(String line) {
        List<String> words = new ArrayList<>();
        int start = -1;
        for (int i = 0; i <= line.length(); i++) {
            boolean space = i == line.length() || isSpace(line.charAt(i));
            if (space && start >= 0) {
                words.add(line.substring(start, i));
                start = -1;
            } else if (!space && start < 0) {
                start = i;
            }
        }
        return words;
    }

    /** Whitespace as Python's {@code str.split()} sees it, no-break spaces included. */
    private static boolean isSpace(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '\u0085';
    }

    private static List<String> chars(String line) {
        return line.codePoints().mapToObj(Character::toString).toList();
    }
}
