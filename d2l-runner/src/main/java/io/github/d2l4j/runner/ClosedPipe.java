package io.github.d2l4j.runner;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Standard output that notices when its reader has gone ({@code ./d2l run 3.7 | head -1}): the
 * first write that fails on a closed pipe calls {@code onClosed} once, and later output is
 * dropped, since nobody reads it. The runner then stops, quietly, with exit {@value
 * Runner#CLOSED_PIPE}, as a command-line tool that SIGPIPE ends does. Any other write error (a
 * full disk) passes on as before.
 *
 * <p>The JVM ignores SIGPIPE, so a closed pipe shows as an {@link IOException} whose message is
 * the C library's, "Broken pipe" in English. Where another language is set, the message says it in
 * that language; on Linux, a failed write to a pipe can only mean a closed one, so standard output
 * being a pipe settles it.
 */
final class ClosedPipe extends FilterOutputStream {
    private final boolean toPipe;
    private final Runnable onClosed;
    private volatile boolean closed;

    /**
     * @param toPipe whether {@code out} is a pipe, so that any write error means its reader is gone
     * @param onClosed called once, on the first write that fails on a closed pipe
     */
    ClosedPipe(OutputStream out, boolean toPipe, Runnable onClosed) {
        super(out);
        this.toPipe = toPipe;
        this.onClosed = onClosed;
    }

    /** Whether standard output is a pipe; false where that cannot be told (no /proc). */
    static boolean stdoutIsPipe() {
        try {
            return Files.readSymbolicLink(Path.of("/proc/self/fd/1")).toString().startsWith("pipe:");
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    /** Whether a write has failed on a closed pipe. */
    boolean closed() {
        return closed;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (closed) {
            return;
        }
        try {
            out.write(b, off, len);
        } catch (IOException e) {
            failed(e);
        }
    }

    @Override
    public void flush() throws IOException {
        if (closed) {
            return;
        }
        try {
            out.flush();
        } catch (IOException e) {
            failed(e);
        }
    }

    private void failed(IOException e) throws IOException {
        String message = String.valueOf(e.getMessage());
        if (!toPipe && !message.contains("Broken pipe")) {
            throw e; // not a pipe: a full disk, say, which the result line's check reports
        }
        closed = true;
        onClosed.run();
    }
}
