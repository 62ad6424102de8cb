package io.github.d2l4j.common.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The vocabulary of a text: token to index and back. Index 0 is {@code <unk>}, which every unknown
 * token maps to; then come the reserved tokens, in the order given; then the tokens of the corpus,
 * the most frequent first.
 *
 * <p>As the book's {@code Vocab}: tokens of equal count keep the order in which they are first
 * seen (Python's {@code sorted} is stable and its {@code Counter} keeps insertion order; here a
 * {@code LinkedHashMap} and a stable sort), and tokens that occur fewer than {@code minFreq} times
 * are left out (the book breaks its loop at the first such count; the list is sorted, so that is
 * the same). A corpus token equal to {@code <unk>} or to a reserved token keeps that token's index.
 * One difference: the book accepts {@code <unk>} or a repeated token among the reserved tokens and
 * then maps it to two indices; here that is bad input.
 *
 * <p>Defined in D2L §8.2.
 */
public final class Vocab {
    /** The unknown token, always at index 0. */
    public static final String UNK = "<unk>";

    private final List<String> idxToToken = new ArrayList<>();
    private final Map<String, Integer> tokenToIdx = new HashMap<>();
    private final List<Map.Entry<String, Integer>> tokenFreqs;

    /**
     * The vocabulary of a flat list of tokens.
     *
     * @param minFreq tokens counted fewer times are left out (0 or 1 keeps all)
     * @param reservedTokens tokens placed right after {@code <unk>}, such as {@code <pad>}
     * @throws IllegalArgumentException for a negative minFreq, or reserved tokens that repeat or
     *     include {@code <unk>}
     */
    public Vocab(List<String> tokens, int minFreq, List<String> reservedTokens) {
        if (minFreq < 0) {
            throw new IllegalArgumentException("minFreq must be >= 0, got " + minFreq);
        }
        add(UNK);
        for (String r : reservedTokens) {
            if (tokenToIdx.containsKey(r)) {
                throw new IllegalArgumentException(
                        "reserved token '" + r + "' is <unk> or given twice: " + reservedTokens);
            }
            add(r);
        }
        List<Map.Entry<String, Integer>> freqs = new ArrayList<>();
        Text.countCorpus(tokens).forEach((t, n) -> freqs.add(Map.entry(t, n)));
        freqs.sort(Comparator.comparing(Map.Entry<String, Integer>::getValue).reversed()); // stable
        tokenFreqs = Collections.unmodifiableList(freqs);
        for (Map.Entry<String, Integer> e : tokenFreqs) {
            if (e.getValue() < minFreq) {
                break;
            }
            if (!tokenToIdx.containsKey(e.getKey())) {
                add(e.getKey());
            }
        }
    }

    /** The vocabulary of all tokens of all lines: the book passes its 2-D token list as it is. */
    public static Vocab ofLines(List<List<String>> lines, int minFreq, List<String> reservedTokens) {
        return new Vocab(Text.flatten(lines), minFreq, reservedTokens);
    }

    private void add(String token) {
        tokenToIdx.put(token, idxToToken.size());
        idxToToken.add(token);
    }

    /** The number of tokens, {@code <unk>} and the reserved ones included: {@code len(vocab)}. */
    public int size() {
        return idxToToken.size();
    }

    /** The index of {@code token}, or {@link #unk()} for a token not in the vocabulary: {@code vocab[token]}. */
    public int get(String token) {
        return tokenToIdx.getOrDefault(token, unk());
    }

    /** The index of each token: {@code vocab[tokens]}. */
    public int[] get(List<String> tokens) {
        return tokens.stream().mapToInt(this::get).toArray();
    }

    /**
     * The token at {@code index}: {@code vocab.to_tokens(index)}.
     *
     * @throws IllegalArgumentException for an index outside 0..size()-1 (Python would count a
     *     negative index from the end)
     */
    public String toTokens(int index) {
        if (index < 0 || index >= idxToToken.size()) {
            throw new IllegalArgumentException(
                    "index " + index + " is outside the vocabulary of " + idxToToken.size() + " tokens");
        }
        return idxToToken.get(index);
    }

    /** The token at each index. */
    public List<String> toTokens(int[] indices) {
        List<String> out = new ArrayList<>(indices.length);
        for (int i : indices) {
            out.add(toTokens(i));
        }
        return out;
    }

    /** The index of the unknown token, 0. */
    public int unk() {
        return 0;
    }

    /** The tokens by index: {@code vocab.idx_to_token}. */
    public List<String> idxToToken() {
        return Collections.unmodifiableList(idxToToken);
    }

    /**
     * Every distinct token of the corpus with its count, the most frequent first and ties in the
     * order first seen: {@code vocab.token_freqs}. Tokens below {@code minFreq} are here too, as in
     * the book; {@code <unk>} and the reserved tokens are not, unless the corpus has them.
     */
    public List<Map.Entry<String, Integer>> tokenFreqs() {
        return tokenFreqs;
    }

    @Override
    public String toString() {
        return "Vocab(" + size() + " tokens: " + idxToToken.subList(0, Math.min(10, size()))
                + (size() > 10 ? "...)" : ")");
    }
}
