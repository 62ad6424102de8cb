package io.github.d2l4j.common.run;

import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The options every section accepts. Unset options are null: each section's {@code Config}
 * keeps the book's value for them.
 *
 * @param epochs number of epochs
 * @param batchSize minibatch size
 * @param lr learning rate
 * @param seed seeds ND4J and the data shuffling
 * @param out directory for plots and other files
 * @param threads ND4J's thread count (see {@link Threads})
 */
public record RunOptions(Integer epochs, Integer batchSize, Double lr, Long seed, Path out, Integer threads) {

    /** The default output directory for plots. */
    public static final Path DEFAULT_OUT = Path.of("target", "plots");

    /** No overrides: the book's values everywhere. */
    public static RunOptions none() {
        return new RunOptions(null, null, null, null, null, null);
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

    /** The thread count: --threads, else the environment variable D2L_THREADS, else the default. */
    public int threadCount() {
        if (threads != null) {
            return threads;
        }
        String env = System.getenv("D2L_THREADS");
        return env == null || env.isBlank() ? Threads.DEFAULT : Integer.parseInt(env.trim());
    }

    public Path out() {
        return out == null ? DEFAULT_OUT : out;
    }

    @CommandLine.Command(name = "d2l run SECTION", mixinStandardHelpOptions = false)
    static final class Cli {
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

        @Option(names = "--threads", paramLabel = "N",
                description = "threads for matrix products (default: D2L_THREADS, else every core"
                        + " when OMP_WAIT_POLICY=PASSIVE, as ./d2l sets, else 1)")
        Integer threads;
    }

    /**
     * Parses {@code --epochs N --batch-size N --lr X --seed N --out DIR}.
     *
     * @throws IllegalArgumentException for an unknown option, a malformed value, or a
     *     non-positive epoch count, batch size or learning rate
     */
    public static RunOptions parse(String... args) {
        Cli cli = new Cli();
        try {
            new CommandLine(cli).parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            throw new IllegalArgumentException(e.getMessage() + "\n" + usage(), e);
        }
        requirePositive(cli.epochs, "--epochs");
        requirePositive(cli.batchSize, "--batch-size");
        requirePositive(cli.threads, "--threads");
        if (cli.lr != null && !(cli.lr > 0)) {
            throw new IllegalArgumentException("--lr must be positive, got " + cli.lr);
        }
        return new RunOptions(cli.epochs, cli.batchSize, cli.lr, cli.seed, cli.out, cli.threads);
    }

    /** The options' help text. */
    public static String usage() {
        return new CommandLine(new Cli()).getUsageMessage(CommandLine.Help.Ansi.OFF);
    }

    private static void requirePositive(Integer value, String name) {
        if (value != null && value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }
}
