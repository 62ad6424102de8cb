package io.github.d2l4j.common.testing;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Tests are quiet: logback-test.xml lets warnings and errors through, and the training logs of a
 * test only with {@code mvn test -Dd2l.log=INFO}.
 */
class TestLoggingTest {
    @Test
    void testsLogWarningsOnlyUnlessAsked() {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        String asked = System.getProperty("d2l.log");
        assertThat(root.getLevel()).isEqualTo(asked == null ? Level.WARN : Level.toLevel(asked));
    }
}
