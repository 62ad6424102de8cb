package io.github.d2l4j.common.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A JUnit extension for chapter tests: before the class, writes tiny Fashion-MNIST files (600
 * training and 200 test images, see {@link IdxFixtures}) and points {@code -Dd2l.data} at them, so
 * that {@code loadDataFashionMnist} reads them; after the class, forgets the setting.
 *
 * <pre>{@code @ExtendWith(TinyFashionMnist.class) class MyTest { ... TinyFashionMnist.dir() ... }}</pre>
 */
public final class TinyFashionMnist implements BeforeAllCallback, AfterAllCallback {
    private static Path dir;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        dir = IdxFixtures.writeFashionMnist(Files.createTempDirectory("d2l-fashion"), 600, 200, true, 11);
        System.setProperty("d2l.data", dir.toString());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        System.clearProperty("d2l.data");
    }

    /** Where the current test class's files are. */
    public static Path dir() {
        return dir;
    }
}
