package io.github.d2l4j.ch12.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The directories Aeron's embedded media driver leaves in {@code /dev/shm}. Gradient sharing
 * launches one media driver per JVM ({@code AeronUdpTransport}); each leaves an {@code
 * aeron-<user>-<uuid>} directory of about 8 MB there after every run, clean exits included, and
 * nothing in DL4J M2 removes it. A run takes a snapshot before it starts and removes, afterwards,
 * exactly the directories that appeared meanwhile: those of other programs stay.
 */
final class AeronDirs {
    /** Where Aeron puts its directories on Linux ({@code aeron.dir}'s default parent). */
    static final Path SHM = Path.of("/dev/shm");

    private AeronDirs() {}

    /** The {@code aeron-*} directories in {@code dir} now (none where {@code dir} does not exist). */
    static Set<Path> list(Path dir) {
        if (!Files.isDirectory(dir)) {
            return Set.of();
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(p -> p.getFileName().toString().startsWith("aeron-"))
                    .filter(Files::isDirectory)
                    .collect(java.util.stream.Collectors.toCollection(TreeSet::new));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Removes the {@code aeron-*} directories of {@code dir} that are not in {@code before}. */
    static List<Path> removeNew(Path dir, Set<Path> before) {
        List<Path> removed = new ArrayList<>();
        for (Path d : list(dir)) {
            if (!before.contains(d)) {
                deleteTree(d);
                removed.add(d);
            }
        }
        return removed;
    }

    static void deleteTree(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not remove " + root, e);
        }
    }
}
