package io.github.d2l4j.runner;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.d2l4j.common.data.DataUnavailableException;
import io.github.d2l4j.common.section.BookSection;
import io.github.d2l4j.common.section.Section;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A run that fails because Ctrl-C or SIGTERM is shutting the JVM down ends with the signal's
 * status, not its own, and says nothing about a failure the user caused on purpose. Each case runs
 * in a JVM of its own ({@link Interrupted}), since this one must live on.
 */
class ExitTest {
    private static final String PAGE = "D2L 99.3 A section the shutdown breaks: https://zh.d2l.ai/x/y.html";

    @Test
    void aJvmThatIsNotShuttingDownSaysSo() {
        assertThat(Exit.shuttingDown()).isFalse();
    }

    @Test
    void aDataErrorDuringTheShutdownOfCtrlCEndsWith130AndNoMessage() throws Exception {
        assertThat(interrupted("INT", "data")).isEqualTo("130: " + PAGE);
    }

    @Test
    void aDataErrorDuringTheShutdownOfSigtermEndsWith143AndNoMessage() throws Exception {
        assertThat(interrupted("TERM", "data")).isEqualTo("143: " + PAGE);
    }

    /** Such as a plot whose temporary file the cleanup hook removed: no trace to report. */
    @Test
    void aFailedWriteDuringTheShutdownOfCtrlCEndsWith130AndNoTrace() throws Exception {
        assertThat(interrupted("INT", "write")).isEqualTo("130: " + PAGE);
    }

    /** Runs {@link Interrupted}; returns its exit status and what it printed. */
    private static String interrupted(String signal, String failure) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // perl resets SIGINT and SIGTERM to their defaults before exec: a JVM started from a CI
        // runner's background job inherits SIGINT ignored, installs no handler for it, and would
        // wait for a shutdown that never comes (D2lProcessIT starts ./d2l the same way)
        String resetSignals = "$SIG{INT} = 'DEFAULT'; $SIG{TERM} = 'DEFAULT'; exec @ARGV or die \"exec: $!\"";
        Process p = new ProcessBuilder(
                        "perl",
                        "-e",
                        resetSignals,
                        java,
                        "-cp",
                        System.getProperty("java.class.path"),
                        Interrupted.class.getName(),
                        signal,
                        failure)
                .redirectErrorStream(true)
                .start();
        boolean ended = p.waitFor(30, TimeUnit.SECONDS); // its output is a line or two: no pipe fills
        if (!ended) {
            p.destroyForcibly();
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(ended).as("the child ended within 30 s; it printed: %s", out).isTrue();
        return p.exitValue() + ": " + out.strip();
    }

    @BookSection(id = "99.3", title = "A section the shutdown breaks", page = "https://zh.d2l.ai/x/y.html")
    static final class Broken {}

    /**
     * Runs, as {@link Runner#main} does, a section that sends its own JVM the signal, waits until
     * the shutdown has begun, and then fails the way the shutdown can make it fail: its data
     * cannot be read, or its temporary file is gone. A shutdown hook of its own holds the
     * shutdown open meanwhile, as a slow hook would.
     */
    static final class Interrupted {
        public static void main(String[] args) throws Exception {
            CountDownLatch shutdownBegan = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                shutdownBegan.countDown();
                sleep(1000);
            }));
            Section<?> broken = Section.of(Broken.class, o -> o, o -> {
                signal(args[0]);
                await(shutdownBegan);
                throw args[1].equals("data")
                        ? new DataUnavailableException("cannot read the data")
                        : new UncheckedIOException("could not write plot", new NoSuchFileException("plot.png"));
            });
            int status = Runner.execute(new String[] {"run", "99.3"}, System.out, System.err, r -> {}, List.of(broken));
            System.out.flush();
            Exit.exit(status);
        }

        private static void signal(String signal) {
            try {
                String pid = String.valueOf(ProcessHandle.current().pid());
                new ProcessBuilder("kill", "-" + signal, pid)
                        .inheritIO()
                        .start()
                        .waitFor();
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }

        private static void await(CountDownLatch latch) {
            try {
                latch.await();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }

        private static void sleep(long ms) {
            try {
                Thread.sleep(ms);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
