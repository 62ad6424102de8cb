package io.github.d2l4j.runner;

/** The command line is wrong: an unknown command, section or option, or a bad value. Exit 2. */
final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
