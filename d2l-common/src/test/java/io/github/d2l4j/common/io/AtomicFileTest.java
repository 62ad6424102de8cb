package io.github.d2l4j.common.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFileTest {
    @TempDir
    Path dir;

    /**
     * A written file has the permissions the user's umask gives, as a file any other tool makes
     * (here: one made with Files.createFile), not the owner-only 0600 of a temporary file.
     */
    @Test
    void aWrittenFileHasTheUmasksPermissions() throws Exception {
        Set<PosixFilePermission> usual = Files.getPosixFilePermissions(Files.createFile(dir.resolve("probe")));
        Path plot = AtomicFile.write(dir.resolve("plot.png"), out -> out.write(1));
        assertThat(Files.getPosixFilePermissions(plot)).isEqualTo(usual);
        assertThat(usual).as("the umask of this test run lets others read").contains(PosixFilePermission.OTHERS_READ);
    }

    @Test
    void aFailedWriteLeavesNothing() throws Exception {
        Path target = Files.writeString(dir.resolve("x.csv"), "old");
        try {
            AtomicFile.write(target, out -> {
                out.write("new".getBytes(StandardCharsets.UTF_8));
                throw new java.io.IOException("cut short");
            });
        } catch (java.io.IOException expected) {
            // the write failed, as it should
        }
        assertThat(target).hasContent("old");
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(target);
        }
    }
}
