package io.github.d2l4j.runner;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Standard output without SameDiff M2.1's debugging line "Added differentiated op ...", which it
 * prints with {@code System.out.println} (no logger to turn down) once per op whenever it builds a
 * gradient graph. Everything else passes through unchanged.
 */
final class QuietStdout extends PrintStream {
    static final String NOISE = "Added differentiated op";

    QuietStdout(OutputStream out) {
        super(out, true, StandardCharsets.UTF_8);
    }

    @Override
    public void println(String line) {
        if (line != null && line.startsWith(NOISE)) {
            return;
        }
        super.println(line);
    }
}
