package io.github.d2l4j.common.testing;

import java.io.PrintStream;
import java.nio.charset.Charset;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Keeps the tests' output to what matters: SameDiff M2.1 prints "Added differentiated op ..."
 * with {@code System.out.println} (no logger to turn down) once per op whenever it builds a
 * gradient graph, hundreds of lines in a chapter's tests. This drops those lines for every test
 * run that has d2l-common's test-jar on its class path, as the runner's {@code QuietStdout} does
 * for {@code ./d2l}. Registered in {@code META-INF/services}.
 */
public final class QuietSameDiff implements LauncherSessionListener {
    static final String NOISE = "Added differentiated op";

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        if (!(System.out instanceof Filter)) {
            System.setOut(new Filter(System.out));
        }
    }

    /** Standard output less SameDiff's debugging lines. */
    static final class Filter extends PrintStream {
        Filter(PrintStream out) {
            super(out, true, Charset.defaultCharset()); // the charset of Java 17's System.out
        }

        @Override
        public void println(String line) {
            if (line == null || !line.startsWith(NOISE)) {
                super.println(line);
            }
        }
    }
}
