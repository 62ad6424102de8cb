package io.github.d2l4j.ch04;

import io.github.d2l4j.common.testing.IdxFixtures;
import java.nio.file.Files;
import java.nio.file.Path;

/** Points {@code -Dd2l.data} at tiny generated Fashion-MNIST files for one test class. */
final class FashionMnistFixture {
    private FashionMnistFixture() {}

    static Path install() throws Exception {
        Path dir = Files.createTempDirectory("d2l-fashion");
        IdxFixtures.writeFashionMnist(dir, 600, 200, true, 11);
        System.setProperty("d2l.data", dir.toString());
        return dir;
    }

    static void uninstall() {
        System.clearProperty("d2l.data");
    }
}
