package io.github.d2l4j.common.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes a file so that readers see the old one or the complete new one, never a part: the bytes
 * go to a temporary file beside the target, which is renamed into place only when the writer
 * returns. If the writer throws, the temporary file is removed and the target is untouched. If
 * the JVM is stopped meanwhile (Ctrl-C, SIGTERM, {@code System.exit}), a shutdown hook removes it:
 * an interrupted write leaves nothing behind either.
 */
public final class AtomicFile {

    /** Produces the file's bytes; throwing aborts the write. */
    @FunctionalInterface
    public interface Writer {
        void write(OutputStream out) throws IOException;
    }

    /** Temporary files being written now, removed by the shutdown hook if the JVM stops first. */
    private static final Set<Path> PENDING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(AtomicFile::removePending, "d2l4j-atomic-file-cleanup"));
    }

    private AtomicFile() {}

    static void removePending() {
        for (Path tmp : PENDING) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException e) {
                System.err.println("could not remove " + tmp + ": " + e.getMessage());
            }
        }
    }

    /** Writes {@code target} atomically, creating its directory if needed; returns target. */
    public static Path write(Path target, Writer writer) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + target.getFileName(), ".part");
        PENDING.add(tmp);
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                writer.write(out);
            }
            return Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
            PENDING.remove(tmp);
        }
    }
}
