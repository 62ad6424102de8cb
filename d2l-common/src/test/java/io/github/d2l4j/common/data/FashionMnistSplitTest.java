package io.github.d2l4j.common.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FashionMnistSplitTest {
    private static FashionMnist.Split threeImages() {
        byte[] pixels = new byte[3 * 28 * 28];
        for (int i = 0; i < 3; i++) {
            pixels[i * 28 * 28] = (byte) (10 * (i + 1)); // first pixel of image i marks it
        }
        return new FashionMnist.Split(pixels, new int[] {7, 2, 5});
    }

    @Test
    void headKeepsTheFirstExamplesInFileOrder() {
        FashionMnist.Split head = threeImages().head(2);
        assertThat(head.size()).isEqualTo(2);
        assertThat(head.labels()).containsExactly(7, 2);
        assertThat(head.pixels()).hasSize(2 * 28 * 28);
        assertThat(head.pixels()[28 * 28]).isEqualTo((byte) 20);
    }

    @Test
    void aTrainSizeOutsideTheSplitIsAClearError() {
        assertThatThrownBy(() -> threeImages().head(4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("train size must be between 1 and 3 (the examples there are), got 4");
        assertThatThrownBy(() -> threeImages().head(0)).hasMessageContaining("got 0");
    }

    /** A damaged file in the cache is ours to replace: the error says to delete it. */
    @Test
    void aDamagedCachedFileComesWithTheRemedy(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp)
            throws Exception {
        java.nio.file.Path dir = tmp.resolve("cache/fashion-mnist");
        io.github.d2l4j.common.testing.IdxFixtures.writeFashionMnist(dir, 0, 0, false, 1);
        System.setProperty("d2l.cache", tmp.resolve("cache").toString());
        try {
            assertThatThrownBy(() -> FashionMnist.load(dir, true))
                    .isInstanceOf(DataUnavailableException.class)
                    .hasMessage(dir.resolve("train-images-idx3-ubyte") + ": holds no images (its header gives a count"
                            + " of 0). This is the cache's copy: delete " + dir + " and run again for a fresh one.");
        } finally {
            System.clearProperty("d2l.cache");
        }
        java.nio.file.Path own = tmp.resolve("own");
        io.github.d2l4j.common.testing.IdxFixtures.writeFashionMnist(own, 0, 0, false, 1);
        assertThatThrownBy(() -> FashionMnist.load(own, true)) // the user's own directory: theirs to mend
                .hasMessage(own.resolve("train-images-idx3-ubyte") + ": holds no images (its header gives a count"
                        + " of 0)");
    }
}
