package io.github.d2l4j.common.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A generated text for the RNN tests of chapters 8 and 9: pangrams, so that the character vocabulary is the book's 28
 * (26 letters, the space and {@code <unk>}), shuffled word by word from a seed so that there is
 * something to learn but not everything.
 */
public final class Pangrams {
    private static final String[] WORDS =
            "the quick brown fox jumps over the lazy dog time traveller machine".split(" ");

    private Pangrams() {}

    /** {@code n} lines of six words each, the first always the full pangram; as {@code readTimeMachine} leaves them: lower case, letters and spaces. */
    public static List<String> lines(int n, long seed) {
        Random rng = new Random(seed);
        List<String> lines = new ArrayList<>(List.of("the quick brown fox jumps over the lazy dog"));
        while (lines.size() < n) {
            StringBuilder sb = new StringBuilder();
            for (int w = 0; w < 6; w++) {
                sb.append(w == 0 ? "" : " ").append(WORDS[rng.nextInt(WORDS.length)]);
            }
            lines.add(sb.toString());
        }
        return lines;
    }
}
