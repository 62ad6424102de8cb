package io.github.d2l4j.common.testing;

import io.github.d2l4j.common.data.IdxFile;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/**
 * Writes tiny, valid Fashion-MNIST-format IDX files for unit tests. Each class lights up its own
 * band of rows (class c: rows 2c+4 to 2c+6) over uniform noise, so a softmax regression can learn
 * them in a few epochs.
 */
public final class IdxFixtures {
    private IdxFixtures() {}

    /** Writes the four Fashion-MNIST files into dir and returns dir. */
    public static Path writeFashionMnist(Path dir, int nTrain, int nTest, boolean gzip, long seed) throws IOException {
        Files.createDirectories(dir);
        Random rng = new Random(seed);
        writeSplit(dir, "train", nTrain, gzip, rng);
        writeSplit(dir, "t10k", nTest, gzip, rng);
        return dir;
    }

    private static void writeSplit(Path dir, String prefix, int n, boolean gzip, Random rng) throws IOException {
        byte[] images = new byte[n * 28 * 28];
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) {
            int c = i % 10;
            labels[i] = (byte) c;
            for (int p = 0; p < 784; p++) {
                int row = p / 28;
                boolean band = row >= 2 * c + 4 && row < 2 * c + 6;
                images[i * 784 + p] = (byte) (band ? 180 + rng.nextInt(76) : rng.nextInt(60));
            }
        }
        String ext = gzip ? ".gz" : "";
        writeIdx(
                dir.resolve(prefix + "-images-idx3-ubyte" + ext),
                IdxFile.IMAGES_MAGIC,
                new int[] {n, 28, 28},
                images,
                gzip);
        writeIdx(dir.resolve(prefix + "-labels-idx1-ubyte" + ext), IdxFile.LABELS_MAGIC, new int[] {n}, labels, gzip);
    }

    /** Writes one IDX file: the header for {@code dims}, then {@code data} as given. */
    public static Path writeIdx(Path file, int magic, int[] dims, byte[] data, boolean gzip) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(4 + 4 * dims.length);
        header.putInt(magic);
        for (int d : dims) {
            header.putInt(d);
        }
        try (OutputStream raw = Files.newOutputStream(file);
                OutputStream out = gzip ? new GZIPOutputStream(raw) : raw) {
            out.write(header.array());
            out.write(data);
        }
        return file;
    }
}
