package io.github.d2l4j.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code ./d2l shell}, as a reader of the notebooks would use it: a cell piped into JShell, with
 * ND4J already imported, prints its value. Runs the real script on the class path this build
 * wrote, so it also proves that {@code ./d2l} finds the runner module.
 *
 * <p>Cost: about 4 seconds on the 2-core CI machine; tier 1.
 */
class ShellIT {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void aCellPipedIntoTheShellPrintsItsMatrix() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("bash", ROOT.resolve("d2l").toString(), "shell")
                .directory(ROOT.toFile())
                .redirectErrorStream(true)
                .start();
        try (OutputStream in = p.getOutputStream()) {
            in.write("Nd4j.arange(12).reshape(3, 4)\n".getBytes(StandardCharsets.UTF_8));
        }
        assertThat(p.waitFor(120, TimeUnit.SECONDS))
                .as("./d2l shell ends when its input does")
                .isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        System.out.println(out);
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out.replaceAll("\\s+", " "))
                .contains("[[ 0, 1.0000, 2.0000, 3.0000], [ 4.0000, 5.0000, 6.0000, 7.0000], "
                        + "[ 8.0000, 9.0000, 10.0000, 11.0000]]");
    }
}
