package io.github.d2l4j.common.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import org.junit.jupiter.api.Test;

/** A failed file operation is said in the system's words, never as an exception's class name. */
class ReasonsTest {
    @Test
    void theReasonIsTheSystemsWording() {
        assertThat(Reasons.of(new NoSuchFileException("/proc/x"))).isEqualTo("No such file or directory");
        assertThat(Reasons.of(new AccessDeniedException("/root/x"))).isEqualTo("Permission denied");
        assertThat(Reasons.of(new FileAlreadyExistsException("cache"))).isEqualTo("File exists");
        assertThat(Reasons.of(new FileSystemException("d", null, "File name too long")))
                .isEqualTo("File name too long");
        assertThat(Reasons.describe(new NoSuchFileException("/proc/x")))
                .isEqualTo("/proc/x: No such file or directory");
        assertThat(Reasons.describe(new java.io.IOException("http://x/: HTTP 404")))
                .isEqualTo("http://x/: HTTP 404");
    }
}
