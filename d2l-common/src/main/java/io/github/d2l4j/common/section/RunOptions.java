package io.github.d2l4j.common.section;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The options a section may take. Unset options are null: each section's {@code Config.from}
 * keeps the book's value for them. The runner parses them from the command line; a program of
 * one's own builds them directly, or starts from {@link #none()}.
 *
 * <p>The options also remember which of them {@code Config.from} read: an option the user gave
 * that the section never read would be dropped silently, so the runner refuses it ({@link
 * #unread()}). That is why this is a class and not a record.
 */
public final class RunOptions {

    /** The default output directory for plots. */
    public static final Path DEFAULT_OUT = Path.of("target", "plots");

    private final Map<String, Object> given = new LinkedHashMap<>();
    private final Set<String> read = new LinkedHashSet<>();

    /**
     * @param epochs number of epochs
     * @param batchSize minibatch size
     * @param lr learning rate
     * @param seed seeds ND4J and the data shuffling
     * @param out directory for plots and other files
     * @param resize the side images are resized to, for the sections that resize (chapter 7)
     * @param trainSize train on the first N training examples only, to bring a run down to minutes
     */
    public RunOptions(
            Integer epochs, Integer batchSize, Double lr, Long seed, Path out, Integer resize, Integer trainSize) {
        this(epochs, batchSize, lr, seed, out, resize, trainSize, null);
    }

    /**
     * As the seven-option constructor, plus:
     *
     * @param workers the number of workers, for the sections that train on several (chapter 12);
     *     at least 1
     * @throws IllegalArgumentException if {@code workers} is below 1
     */
    public RunOptions(
            Integer epochs,
            Integer batchSize,
            Double lr,
            Long seed,
            Path out,
            Integer resize,
            Integer trainSize,
            Integer workers) {
        if (workers != null && workers < 1) {
            throw new IllegalArgumentException("the number of workers must be at least 1, got " + workers);
        }
        put("epochs", epochs);
        put("batchSize", batchSize);
        put("lr", lr);
        put("seed", seed);
        put("out", out);
        put("resize", resize);
        put("trainSize", trainSize);
        put("workers", workers);
    }

    /** No overrides: the book's values everywhere. */
    public static RunOptions none() {
        return new RunOptions(null, null, null, null, null, null, null);
    }

    public int epochs(int bookValue) {
        Integer v = (Integer) read("epochs");
        return v == null ? bookValue : v;
    }

    public int batchSize(int bookValue) {
        Integer v = (Integer) read("batchSize");
        return v == null ? bookValue : v;
    }

    public double lr(double bookValue) {
        Double v = (Double) read("lr");
        return v == null ? bookValue : v;
    }

    public long seed(long defaultSeed) {
        Long v = (Long) read("seed");
        return v == null ? defaultSeed : v;
    }

    public int resize(int bookValue) {
        Integer v = (Integer) read("resize");
        return v == null ? bookValue : v;
    }

    /** The number of training examples to use, or null for all of them. */
    public Integer trainSize() {
        return (Integer) read("trainSize");
    }

    /** The number of workers, or null where the section's book runs are to be kept. */
    public Integer workers() {
        return (Integer) read("workers");
    }

    /** The directory for plots and other files: the one given, else {@link #DEFAULT_OUT}. */
    public Path out() {
        Path v = (Path) read("out");
        return v == null ? DEFAULT_OUT : v;
    }

    /** Whether {@code --out} was given, as opposed to the default. */
    public boolean outGiven() {
        return given.get("out") != null;
    }

    /**
     * The options that were given but that nothing has read, by their names here ({@code
     * "epochs"}, {@code "batchSize"}, {@code "lr"}, {@code "seed"}, {@code "out"}, {@code
     * "resize"}, {@code "trainSize"}), in that order.
     */
    public List<String> unread() {
        return given.entrySet().stream()
                .filter(e -> e.getValue() != null && !read.contains(e.getKey()))
                .map(Map.Entry::getKey)
                .toList();
    }

    /** The options that something has read, by the names and in the order of {@link #unread()}. */
    public List<String> read() {
        return given.keySet().stream().filter(read::contains).toList();
    }

    @Override
    public String toString() {
        return "RunOptions" + given;
    }

    private void put(String name, Object value) {
        given.put(name, value);
    }

    private Object read(String name) {
        read.add(name);
        return given.get(name);
    }
}
