package io.github.d2l4j.common.section;

import java.nio.file.Path;

/**
 * The options every section accepts. Unset options are null: each section's {@code Config.from}
 * keeps the book's value for them. The runner parses them from the command line; a program of
 * one's own builds them directly, or starts from {@link #none()}.
 *
 * @param epochs number of epochs
 * @param batchSize minibatch size
 * @param lr learning rate
 * @param seed seeds ND4J and the data shuffling
 * @param out directory for plots and other files
 * @param resize the side images are resized to, for the sections that resize (chapter 7)
 * @param trainSize train on the first N training examples only, to bring a run down to minutes
 */
public record RunOptions(
        Integer epochs, Integer batchSize, Double lr, Long seed, Path out, Integer resize, Integer trainSize) {

    /** The default output directory for plots. */
    public static final Path DEFAULT_OUT = Path.of("target", "plots");

    /** No overrides: the book's values everywhere. */
    public static RunOptions none() {
        return new RunOptions(null, null, null, null, null, null, null);
    }

    public int epochs(int bookValue) {
        return epochs == null ? bookValue : epochs;
    }

    public int batchSize(int bookValue) {
        return batchSize == null ? bookValue : batchSize;
    }

    public double lr(double bookValue) {
        return lr == null ? bookValue : lr;
    }

    public long seed(long defaultSeed) {
        return seed == null ? defaultSeed : seed;
    }

    public int resize(int bookValue) {
        return resize == null ? bookValue : resize;
    }

    /** The number of training examples to use, or null for all of them. */
    public Integer trainSize() {
        return trainSize;
    }

    public Path out() {
        return out == null ? DEFAULT_OUT : out;
    }
}
