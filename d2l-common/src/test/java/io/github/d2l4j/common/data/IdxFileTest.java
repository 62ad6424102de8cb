package io.github.d2l4j.common.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.d2l4j.common.testing.IdxFixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxFileTest {
    @TempDir
    Path dir;

    @Test
    void readsRawAndGzippedSplitsTheSame() throws IOException {
        Path raw = IdxFixtures.writeFashionMnist(dir.resolve("raw"), 20, 10, false, 1);
        Path gz = IdxFixtures.writeFashionMnist(dir.resolve("gz"), 20, 10, true, 1);
        FashionMnist.Split a = FashionMnist.read(raw, "train");
        FashionMnist.Split b = FashionMnist.read(gz, "train");
        assertThat(a.size()).isEqualTo(20);
        assertThat(a.pixels()).hasSize(20 * 784).containsExactly(b.pixels());
        assertThat(a.labels()).containsExactly(b.labels());
        assertThat(a.labels()[13]).isEqualTo(3);
        for (int i = 0; i < a.pixels().length; i++) {
            assertThat(a.pixel(i)).isBetween(0f, 1f).isEqualTo((a.pixels()[i] & 0xff) / 255f);
        }
    }

    @Test
    void wrongMagicNamesTheFile() throws IOException {
        Path f = IdxFixtures.writeIdx(dir.resolve("bad"), 0x00000801, new int[] {2, 28, 28}, new byte[2 * 784], false);
        assertThatThrownBy(() -> IdxFile.read(f, IdxFile.IMAGES_MAGIC, -1, 28, 28))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(f.toString())
                .hasMessageContaining("wrong magic number");
    }

    @Test
    void notIdxAtAll() throws IOException {
        Path f = Files.writeString(dir.resolve("text"), "hello, this is not IDX");
        assertThatThrownBy(() -> IdxFile.read(f)).hasMessageContaining("not an unsigned-byte IDX file");
    }

    @Test
    void truncatedDataIsReported() throws IOException {
        Path f = IdxFixtures.writeIdx(
                dir.resolve("short"), IdxFile.IMAGES_MAGIC, new int[] {3, 28, 28}, new byte[2 * 784], false);
        assertThatThrownBy(() -> IdxFile.read(f))
                .hasMessageContaining("truncated")
                .hasMessageContaining(String.valueOf(3 * 784))
                .hasMessageContaining(f.toString());
    }

    @Test
    void trailingBytesAreReported() throws IOException {
        Path f = IdxFixtures.writeIdx(dir.resolve("long"), IdxFile.LABELS_MAGIC, new int[] {3}, new byte[5], false);
        assertThatThrownBy(() -> IdxFile.read(f)).hasMessageContaining("2 unexpected bytes");
    }

    @Test
    void corruptGzipIsReported() throws IOException {
        Path f = IdxFixtures.writeIdx(dir.resolve("c.gz"), IdxFile.LABELS_MAGIC, new int[] {100}, new byte[100], true);
        byte[] bytes = Files.readAllBytes(f);
        Files.write(f, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        assertThatThrownBy(() -> IdxFile.read(f))
                .hasMessageContaining("corrupt gzip")
                .hasMessageContaining(f.toString());
    }

    @Test
    void wrongImageSizeIsReported() throws IOException {
        Path f = IdxFixtures.writeIdx(
                dir.resolve("i"), IdxFile.IMAGES_MAGIC, new int[] {1, 32, 32}, new byte[1024], false);
        assertThatThrownBy(() -> IdxFile.read(f, IdxFile.IMAGES_MAGIC, -1, 28, 28))
                .hasMessageContaining("dimensions [1, 32, 32]");
    }

    @Test
    void mismatchedImageAndLabelCounts() throws IOException {
        Path d = IdxFixtures.writeFashionMnist(dir.resolve("m"), 20, 10, false, 1);
        IdxFixtures.writeIdx(
                d.resolve("train-labels-idx1-ubyte"), IdxFile.LABELS_MAGIC, new int[] {19}, new byte[19], false);
        assertThatThrownBy(() -> FashionMnist.read(d, "train"))
                .hasMessageContaining("mismatched files")
                .hasMessageContaining("20 images")
                .hasMessageContaining("19 labels");
    }

    @Test
    void labelOutOfRange() throws IOException {
        Path d = IdxFixtures.writeFashionMnist(dir.resolve("l"), 20, 10, false, 1);
        byte[] labels = new byte[20];
        labels[7] = 12;
        IdxFixtures.writeIdx(d.resolve("train-labels-idx1-ubyte"), IdxFile.LABELS_MAGIC, new int[] {20}, labels, false);
        assertThatThrownBy(() -> FashionMnist.read(d, "train")).hasMessageContaining("label 12 at index 7");
    }
}
