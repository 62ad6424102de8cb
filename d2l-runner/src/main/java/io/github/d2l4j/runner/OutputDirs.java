package io.github.d2l4j.runner;

import io.github.d2l4j.common.io.Reasons;
import io.github.d2l4j.common.section.RunOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The directories a section writes into, checked before any work: a {@code Path} in a section's
 * {@code Config} is one (--out, or a directory under it such as 5.5's {@code 5.5-files}). A run
 * that could not write its plot would otherwise fail after all its training, as a bug; it is bad
 * input, the same for the default {@code target/plots} as for a given --out.
 */
final class OutputDirs {
    private OutputDirs() {}

    /**
     * Creates each directory if need be and checks that it can be written into.
     *
     * @throws UsageException with the operating system's reason ("Not a directory", "Permission
     *     denied", "File name too long")
     */
    static void check(String section, RunOptions options, Object config) {
        Path given = options.outGiven() && options.read().contains("out") ? options.out() : null;
        Set<Path> dirs = new LinkedHashSet<>();
        if (given != null) {
            dirs.add(given); // first, so that a bad --out is named as such
        }
        if (config instanceof Record r) {
            for (var c : r.getClass().getRecordComponents()) {
                if (c.getType() == Path.class && value(c, r) instanceof Path p) {
                    dirs.add(p);
                }
            }
        }
        for (Path dir : dirs) {
            String reason = problem(dir);
            if (reason == null) {
                continue;
            }
            if (dir.equals(given)) {
                throw new UsageException("--out " + dir + ": " + reason);
            }
            throw new UsageException("cannot write to " + dir + ": " + reason + " (section " + section
                    + " writes its files there: make it a writable directory, or give another with --out DIR)");
        }
    }

    /** Why {@code dir} cannot be written into, or null if it can: it is created if need be. */
    static String problem(Path dir) {
        try {
            if (Files.exists(dir) && !Files.isDirectory(dir)) {
                return "Not a directory";
            }
            Files.createDirectories(dir);
            Files.deleteIfExists(Files.createTempFile(dir, ".d2l-write-check", ".tmp"));
            return null;
        } catch (IOException e) {
            return Reasons.of(e);
        }
    }

    private static Object value(java.lang.reflect.RecordComponent c, Record r) {
        try {
            java.lang.reflect.Method accessor = c.getAccessor();
            accessor.setAccessible(true); // a test's Config may be a private record
            return accessor.invoke(r);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read " + c.getName() + " of " + r.getClass(), e);
        }
    }
}
