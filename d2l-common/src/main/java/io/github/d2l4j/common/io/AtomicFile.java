package io.github.d2l4j.common.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes a file so that readers see the old one or the complete new one, never a part: the bytes
 * go to a temporary file beside the target, which is renamed into place only when the writer
 * returns. If the writer throws, the temporary file is removed and the target is untouched. If
 * the JVM is stopped meanwhile (Ctrl-C, SIGTERM, {@code System.exit}), a shutdown hook removes it:
 * an interrupted write leaves nothing behind either.
 *
 * <p>The hook runs while the program goes on (a plot drawn every 0.4 s keeps writing), so a write
 * that starts after it has run would leave its temporary file behind. The hook therefore closes
 * the door first: a write that has not yet created its file then waits for the JVM to end. A
 * write that has is registered, under the same lock, with its file already open, so that the
 * hook's delete cannot be undone by the write opening the file again.
 */
public final class AtomicFile {

    /** Produces the file's bytes; throwing aborts the write. */
    @FunctionalInterface
    public interface Writer {
        void write(OutputStream out) throws IOException;
    }

    private static final Object LOCK = new Object();

    /** Temporary files being written now, removed by the shutdown hook if the JVM stops first. */
    private static final Set<Path> PENDING = new HashSet<>();

    /** Whether the hook has run: no new temporary file may appear. */
    private static boolean closed;

    static {
        try {
            Runtime.getRuntime().addShutdownHook(new Thread(AtomicFile::removePending, "d2l4j-atomic-file-cleanup"));
        } catch (IllegalStateException shuttingDown) { // first used after Ctrl-C: the hook's work is done
            closed = true;
        }
    }

    private AtomicFile() {}

    /** Removes the temporary files of the writes in progress, and lets no new one start. */
    static void removePending() {
        synchronized (LOCK) {
            closed = true;
            for (Path tmp : PENDING) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException e) {
                    System.err.println("could not remove " + tmp + ": " + e.getMessage());
                }
            }
        }
    }

    /** Lets writes start again after {@link #removePending}: for tests, which share the JVM. */
    static void reopen() {
        synchronized (LOCK) {
            closed = false;
            LOCK.notifyAll();
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
        Path tmp;
        OutputStream out;
        synchronized (LOCK) {
            awaitOpen();
            tmp = createPart(dir, target.getFileName().toString());
            try {
                out = Files.newOutputStream(tmp, StandardOpenOption.WRITE); // never creates it again
            } catch (IOException e) {
                Files.deleteIfExists(tmp);
                throw e;
            }
            PENDING.add(tmp);
        }
        try {
            try (out) {
                writer.write(out);
            }
            return Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            synchronized (LOCK) {
                Files.deleteIfExists(tmp);
                PENDING.remove(tmp);
            }
        }
    }

    /** Waits while the hook has closed the door: the JVM is ending, and nothing new may start. */
    private static void awaitOpen() {
        boolean interrupted = false;
        while (closed) {
            try {
                LOCK.wait();
            } catch (InterruptedException e) {
                interrupted = true; // the JVM ends all the same
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
