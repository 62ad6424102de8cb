package io.github.d2l4j.runner;

import io.github.d2l4j.common.device.Threads;
import io.github.d2l4j.common.section.RunOptions;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** The options of {@code ./d2l run SECTION}, parsed with picocli into {@link RunOptions}. */
@CommandLine.Command(name = "d2l run SECTION")
final class Options {
    @Option(names = "--epochs", paramLabel = "N", description = "number of epochs")
    Integer epochs;

    @Option(names = "--batch-size", paramLabel = "N", description = "minibatch size")
    Integer batchSize;

    @Option(names = "--lr", paramLabel = "X", description = "learning rate")
    Double lr;

    @Option(names = "--seed", paramLabel = "N", description = "random seed")
    Long seed;

    @Option(names = "--out", paramLabel = "DIR", description = "where plots go (default target/plots)")
    Path out;

    @Option(
            names = "--resize",
            paramLabel = "N",
            description = "resize images to NxN (chapter 7; each section names the smallest its network accepts)")
    Integer resize;

    @Option(
            names = "--train-size",
            paramLabel = "N",
            description = "train on the first N training examples only (the test set stays whole)")
    Integer trainSize;

    @Option(
            names = "--workers",
            paramLabel = "N",
            description = "train on N workers only (the sections that train on several, 12.5 and 12.6;"
                    + " default: the book's runs)")
    Integer workers;

    @Option(
            names = "--threads",
            paramLabel = "N",
            description = "threads for matrix products (default: D2L_THREADS, else every core"
                    + " when OMP_WAIT_POLICY=PASSIVE, as ./d2l sets, else 1)")
    Integer threads;

    /** The section's options. */
    RunOptions runOptions() {
        return new RunOptions(epochs, batchSize, lr, seed, out, resize, trainSize, workers);
    }

    /**
     * Parses {@code --epochs N --batch-size N --lr X --seed N --out DIR --resize N --train-size N
     * --workers N --threads N}.
     *
     * @throws UsageException for an unknown option, a malformed value, a non-positive epoch count,
     *     batch size, thread count, size or learning rate, or an empty --out
     */
    static Options parse(String... args) {
        Options o = new Options();
        try {
            new CommandLine(o).parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            throw new UsageException(e.getMessage() + " (./d2l run --help lists the options)");
        }
        requirePositive(o.epochs, "--epochs");
        requirePositive(o.batchSize, "--batch-size");
        requirePositive(o.threads, "--threads");
        requirePositive(o.resize, "--resize");
        requirePositive(o.trainSize, "--train-size");
        requirePositive(o.workers, "--workers");
        if (o.lr != null && !(o.lr > 0 && Double.isFinite(o.lr))) {
            throw new UsageException("--lr must be a positive, finite number, got " + o.lr);
        }
        if (o.out != null && o.out.toString().isEmpty()) { // Path.of("") is the working directory
            throw new UsageException("--out is empty: give a directory, such as --out plots");
        }
        return o;
    }

    /** Whether --threads or D2L_THREADS names a thread count. */
    boolean threadsRequested() {
        String env = System.getenv("D2L_THREADS");
        return threads != null || env != null && !env.isBlank();
    }

    /** The thread count: --threads, else the environment variable D2L_THREADS, else the default. */
    int threadCount() {
        if (threads != null) {
            return threads;
        }
        return threadCount(System.getenv("D2L_THREADS"));
    }

    /** The thread count that the environment variable D2L_THREADS asks for, or the default. */
    static int threadCount(String env) {
        if (env == null || env.isBlank()) {
            return Threads.DEFAULT;
        }
        try {
            int n = Integer.parseInt(env.trim());
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // the message below says what is accepted
        }
        throw new UsageException("D2L_THREADS: '" + env + "' is not a positive whole number"
                + " (give the number of threads for matrix products, such as 2, or unset it)");
    }

    /**
     * The command-line name of an option, given its name in {@link RunOptions} ({@code batchSize}
     * is {@code --batch-size}): the field of that name here carries it.
     */
    static String flag(String runOption) {
        try {
            return Options.class
                    .getDeclaredField(runOption)
                    .getAnnotation(Option.class)
                    .names()[0];
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException("RunOptions has '" + runOption + "', which Options lacks", e);
        }
    }

    /** The options' help text. */
    static String usage() {
        return new CommandLine(new Options()).getUsageMessage(CommandLine.Help.Ansi.OFF);
    }

    private static void requirePositive(Integer value, String name) {
        if (value != null && value <= 0) {
            throw new UsageException(name + " must be positive, got " + value);
        }
    }
}
