package io.github.d2l4j.common.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A write leaves the complete file or nothing, also when the shutdown hook's cleanup comes first
 * or in the middle. (The cleanup runs last in a JVM's life, as a shutdown hook; here it is called
 * directly and the door opened again afterwards, since other tests share this JVM.)
 */
class AtomicFileTest {

    @TempDir
    Path dir;

    @Test
    void writesTheWholeFileAndNothingElse() throws IOException {
        Path target = AtomicFile.write(dir.resolve("plot.png"), out -> out.write(bytes("png")));
        assertThat(target).hasContent("png");
        assertThat(files()).containsExactly("plot.png");
    }

    /**
     * A written file has the permissions the user's umask gives, as a file any other tool makes
     * (here: one made with Files.createFile), not the owner-only 0600 of a temporary file.
     */
    @Test
    void aWrittenFileHasTheUmasksPermissions() throws Exception {
        Set<PosixFilePermission> usual = Files.getPosixFilePermissions(Files.createFile(dir.resolve("probe")));
        Path plot = AtomicFile.write(dir.resolve("plot.png"), out -> out.write(1));
        assertThat(Files.getPosixFilePermissions(plot)).isEqualTo(usual);
        // under a umask of 077 a file made the usual way is 0600 too, and the test could not tell
        assumeThat(usual).as("the umask lets others read").contains(PosixFilePermission.OTHERS_READ);
    }

    @Test
    void aWriterThatThrowsLeavesTheOldFile() throws IOException {
        Path target = Files.writeString(dir.resolve("plot.png"), "old");
        assertThatThrownBy(() -> AtomicFile.write(target, out -> {
                    out.write(bytes("half"));
                    throw new IOException("disk full");
                }))
                .hasMessage("disk full");
        assertThat(target).hasContent("old");
        assertThat(files()).containsExactly("plot.png");
    }

    /**
     * Ctrl-C while a plot is redrawn every 0.4 s: the next write starts after the hook has
     * cleaned up. It must not create a file that nothing will remove; it waits for the JVM's end.
     */
    @Test
    void aWriteThatStartsAfterTheCleanupCreatesNothing() throws Exception {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread plotter = new Thread(() -> {
            try {
                AtomicFile.write(dir.resolve("plot.png"), out -> out.write(bytes("png")));
            } catch (IOException | RuntimeException e) {
                failure.set(e);
            }
        });
        plotter.setDaemon(true);
        AtomicFile.removePending();
        try {
            plotter.start();
            plotter.join(500);
            assertThat(plotter.isAlive()).as("the write waits").isTrue();
            assertThat(files()).isEmpty();
        } finally {
            AtomicFile.reopen();
        }
        plotter.join(5000);
        assertThat(failure.get()).isNull();
        assertThat(files()).containsExactly("plot.png"); // the door open again, it goes ahead
    }

    /** The cleanup in the middle of a write: the write fails, and neither file is left. */
    @Test
    void theCleanupDuringAWriteLeavesNothing() {
        try {
            assertThatThrownBy(() -> AtomicFile.write(dir.resolve("plot.png"), out -> {
                        out.write(bytes("half"));
                        AtomicFile.removePending();
                        out.write(bytes(" and the rest"));
                    }))
                    .isInstanceOf(NoSuchFileException.class);
        } finally {
            AtomicFile.reopen();
        }
        assertThat(files()).isEmpty();
    }

    private List<String> files() {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
