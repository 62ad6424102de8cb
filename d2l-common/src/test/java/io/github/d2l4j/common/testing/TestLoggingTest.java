package io.github.d2l4j.common.testing;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Tests are quiet: logback-test.xml lets warnings and errors through, and the training logs of a
 * test only with {@code mvn test -Dd2l.log=INFO}; {@link QuietSameDiff} drops SameDiff's debugging
 * lines.
 */
class TestLoggingTest {
    @Test
    void testsLogWarningsOnlyUnlessAsked() {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        String asked = System.getProperty("d2l.log");
        assertThat(root.getLevel()).isEqualTo(asked == null ? Level.WARN : Level.toLevel(asked));
    }

    /** SameDiff's "Added differentiated op" lines, printed to System.out, are dropped too. */
    @Test
    void sameDiffsDebuggingLinesAreDropped() {
        assertThat(System.out).isInstanceOf(QuietSameDiff.Filter.class);
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        java.io.PrintStream out = new QuietSameDiff.Filter(new java.io.PrintStream(bytes, true));
        out.println("Added differentiated op matmul");
        out.println("epoch 1, train loss 0.5");
        assertThat(bytes.toString()).isEqualTo("epoch 1, train loss 0.5" + System.lineSeparator());
    }
}
