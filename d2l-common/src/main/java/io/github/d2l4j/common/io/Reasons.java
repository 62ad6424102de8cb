package io.github.d2l4j.common.io;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Map;

/**
 * The reason a file operation failed, in the operating system's words ("Permission denied",
 * "No such file or directory"). Java's {@link FileSystemException}s often carry only the path:
 * their class is the reason, and a class name is not something to show a user.
 */
public final class Reasons {
    private Reasons() {}

    /** The operating system's words for the exceptions that often come without them. */
    private static final Map<Class<? extends FileSystemException>, String> WORDS = Map.of(
            AccessDeniedException.class, "Permission denied",
            NoSuchFileException.class, "No such file or directory",
            FileAlreadyExistsException.class, "File exists",
            NotDirectoryException.class, "Not a directory",
            DirectoryNotEmptyException.class, "Directory not empty",
            FileSystemLoopException.class, "Too many levels of symbolic links");

    /** Why {@code e} happened, without the path: "Not a directory", "File name too long". */
    public static String of(IOException e) {
        if (e instanceof FileSystemException f) {
            if (f.getReason() != null) {
                return f.getReason();
            }
            // a kind of failure without a usual wording keeps its class name
            return WORDS.getOrDefault(f.getClass(), e.getClass().getSimpleName());
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    /** {@code path: reason}, the way command-line tools report a failed file operation. */
    public static String describe(IOException e) {
        if (e instanceof FileSystemException f && f.getFile() != null) {
            String other = f.getOtherFile() == null ? "" : " -> " + f.getOtherFile();
            return f.getFile() + other + ": " + of(e);
        }
        return of(e);
    }
}
