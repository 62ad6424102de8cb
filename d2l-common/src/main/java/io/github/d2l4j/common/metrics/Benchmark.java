package io.github.d2l4j.common.metrics;

import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The book's {@code Benchmark}: a timer for a block of code, used as Python's {@code with}. It
 * starts when made and, when closed, prints {@code {description}: {t:.4f} sec}:
 *
 * <pre>{@code
 * try (Benchmark b = new Benchmark("numpy")) {
 *     ...
 * }
 * }</pre>
 *
 * <p>{@link #seconds()} gives the time after the block, so that a section can return it.
 *
 * <p>Defined in D2L §12.1.
 */
public final class Benchmark implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Benchmark.class);

    private final String description;
    private final Timer timer = new Timer();
    private double seconds = Double.NaN;

    /** The book's default description, {@code 'Done'}. */
    public Benchmark() {
        this("Done");
    }

    public Benchmark(String description) {
        this.description = description;
    }

    /** Stops the timer and prints the line; a second call changes nothing. */
    @Override
    public void close() {
        if (Double.isNaN(seconds)) {
            seconds = timer.stop();
            LOG.info(line());
        }
    }

    /** The seconds the block took; NaN while it runs. */
    public double seconds() {
        return seconds;
    }

    /** The book's line, {@code description: 0.1234 sec}. */
    public String line() {
        return String.format(Locale.ROOT, "%s: %.4f sec", description, seconds);
    }
}
