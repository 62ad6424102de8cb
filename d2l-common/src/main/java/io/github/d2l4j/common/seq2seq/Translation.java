package io.github.d2l4j.common.seq2seq;

import java.util.List;

/**
 * One of the book's test translations: the English source, the model's translation, the book's
 * French, and the translation's BLEU (k = 2) against it. {@link #ENGS} and {@link #FRAS} are the four
 * sentences that 9.7, 10.4 and 10.7 translate.
 *
 * <p>Defined in D2L §9.7.
 */
public record Translation(String eng, String translation, String fra, double bleu) {
    /** The book's {@code engs}. */
    public static final List<String> ENGS = List.of("go .", "i lost .", "he's calm .", "i'm home .");

    /** The book's {@code fras}, the French of {@link #ENGS}. */
    public static final List<String> FRAS = List.of("va !", "j'ai perdu .", "il est calme .", "je suis chez moi .");
}
