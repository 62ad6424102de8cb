package io.github.d2l4j.common.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

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

    /**
     * A new, empty temporary file beside the target. {@code Files.createTempFile} would make it
     * (and so the target it becomes) readable by its owner alone; a file made with {@code
     * createFile} gets the permissions the user's umask gives, as other tools' files do.
     */
    static Path createPart(Path dir, String name) throws IOException {
        while (true) {
            Path tmp = dir.resolve("." + name + "."
                    + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36) + ".part");
            try {
                return Files.createFile(tmp);
            } catch (FileAlreadyExistsException taken) {
                // another writer's name: draw again
            }
        }
    }

    /** Writes {@code target} atomically, creating its directory if needed; returns target. */
    public static Path write(Path target, Writer writer) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = createPart(dir, target.getFileName().toString());
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
