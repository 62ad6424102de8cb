package io.github.d2l4j.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A run that fails because Ctrl-C or SIGTERM is shutting the JVM down ends with the signal's
 * status, not its own. In a JVM of its own ({@link Interrupted}), since this one must live on.
 */
class ExitTest {

    @Test
    void aJvmThatIsNotShuttingDownSaysSo() {
        assertThat(Exit.shuttingDown()).isFalse();
    }

    @Test
    void aDataErrorDuringTheShutdownOfCtrlCEndsWith130() throws Exception {
        assertThat(interrupted("INT")).isEqualTo("130: shutting down, the run exits with 1");
    }

    @Test
    void aDataErrorDuringTheShutdownOfSigtermEndsWith143() throws Exception {
        assertThat(interrupted("TERM")).isEqualTo("143: shutting down, the run exits with 1");
    }

    /** Runs {@link Interrupted} with this signal; returns its exit status and what it printed. */
    private static String interrupted(String signal) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(
                        java, "-cp", System.getProperty("java.class.path"), Interrupted.class.getName(), signal)
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return p.exitValue() + ": " + out.strip();
    }

    /**
     * Sends itself the signal, waits until the shutdown has begun, and then ends the way a run
     * whose data loading the shutdown broke ends: {@code Exit.exit(Runner.DATA)}. A shutdown
     * hook of its own holds the shutdown open meanwhile, as a slow hook would.
     */
    static final class Interrupted {
        public static void main(String[] args) throws Exception {
            CountDownLatch shutdownBegan = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                shutdownBegan.countDown();
                sleep(1000);
            }));
            String pid = String.valueOf(ProcessHandle.current().pid());
            new ProcessBuilder("kill", "-" + args[0], pid).inheritIO().start().waitFor();
            shutdownBegan.await();
            System.out.println((Exit.shuttingDown() ? "shutting down" : "not shutting down") + ", the run exits with "
                    + Runner.DATA);
            System.out.flush();
            Exit.exit(Runner.DATA);
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
