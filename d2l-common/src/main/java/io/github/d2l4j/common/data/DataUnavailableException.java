package io.github.d2l4j.common.data;

/**
 * The data cannot be found, fetched, verified or read. The message names the file and what the
 * user can do about it. Only this package throws it, so that a caller (the runner maps it to exit
 * status 1) can tell missing data from a bug.
 */
public final class DataUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DataUnavailableException(String message) {
        super(message);
    }

    public DataUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
