package io.github.d2l4j.common.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fashion-MNIST (D2L §3.5): 70,000 grey 28x28 images of clothing in ten classes, read from the
 * official IDX files into memory.
 */
public final class FashionMnist {
    private static final Logger LOG = LoggerFactory.getLogger(FashionMnist.class);

    /** The ten classes, in label order. */
    public static final List<String> TEXT_LABELS = List.of(
            "t-shirt", "trouser", "pullover", "dress", "coat", "sandal", "shirt", "sneaker", "bag", "ankle boot");

    public static final int ROWS = 28;
    public static final int COLS = 28;
    public static final int NUM_CLASSES = 10;

    /** The training split's examples in the official files. */
    public static final int TRAIN_SIZE = 60_000;

    // Decoded splits by directory and name: a JVM that trains several sections reads each once.
    private static final Map<String, Split> CACHE = new ConcurrentHashMap<>();

    /**
     * One split in memory, as stored in the files: 47 MB for the training set where floats would
     * take 188 MB. Batches are scaled to [0, 1] as they are gathered.
     *
     * @param pixels {@code n * 28 * 28} unsigned bytes, image after image
     * @param labels class indices
     */
    public record Split(byte[] pixels, int[] labels) {
        public int size() {
            return labels.length;
        }

        /** Pixel {@code i} scaled to [0, 1], as torchvision's {@code ToTensor} does. */
        public float pixel(int i) {
            return (pixels[i] & 0xff) / 255f;
        }

        /**
         * The first {@code n} examples, in file order: {@code --train-size}, which brings a chapter 7
         * run down to minutes on a CPU.
         *
         * @throws IllegalArgumentException unless 1 <= n <= size()
         */
        public Split head(int n) {
            if (n < 1 || n > size()) {
                throw new IllegalArgumentException(
                        "train size must be between 1 and " + size() + " (the examples there are), got " + n);
            }
            return new Split(java.util.Arrays.copyOf(pixels, n * ROWS * COLS), java.util.Arrays.copyOf(labels, n));
        }

        /** Labels as one-hot rows, the form DL4J's losses expect. */
        public float[] oneHotLabels() {
            float[] oneHot = new float[labels.length * NUM_CLASSES];
            for (int i = 0; i < labels.length; i++) {
                oneHot[i * NUM_CLASSES + labels[i]] = 1f;
            }
            return oneHot;
        }
    }

    private FashionMnist() {}

    /**
     * The text labels of class indices, or of one-hot rows or scores (taking their argmax).
     *
     * <p>Defined in D2L §3.5.
     */
    public static List<String> getFashionMnistLabels(INDArray labels) {
        long[] indices = io.github.d2l4j.common.metrics.Metrics.classIndices(labels);
        return java.util.Arrays.stream(indices)
                .mapToObj(i -> {
                    if (i < 0 || i >= NUM_CLASSES) {
                        throw new IllegalArgumentException("label " + i + " is not a Fashion-MNIST class (0-9)");
                    }
                    return TEXT_LABELS.get((int) i);
                })
                .toList();
    }

    /**
     * Loads Fashion-MNIST into memory and returns a shuffling training iterator and an ordered test
     * iterator. Features are (batch, 1, 28, 28) floats in [0, 1], or (batch, 1, resize, resize);
     * labels are one-hot (batch, 10) rows.
     *
     * <p>Defined in D2L §3.5.
     *
     * @param resize the side to resize to, or null to keep 28
     * @param seed seeds the training set's shuffling
     */
    public static DataIters loadDataFashionMnist(int batchSize, Integer resize, long seed) {
        return loadDataFashionMnist(batchSize, resize, null, seed);
    }

    /**
     * {@link #loadDataFashionMnist(int, Integer, long)} on the first {@code trainSize} training
     * examples only (all of them when null); the test set stays whole.
     *
     * @throws IllegalArgumentException for a batch size below 1 or a train size outside 1-60,000
     */
    public static DataIters loadDataFashionMnist(int batchSize, Integer resize, Integer trainSize, long seed) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
        }
        if (resize != null && resize <= 0) {
            throw new IllegalArgumentException("resize must be positive, got " + resize);
        }
        Path dir = FashionMnistFiles.resolve(FashionMnistFiles.Sources.defaults());
        Split trainSplit = load(dir, true);
        if (trainSize != null) {
            trainSplit = trainSplit.head(trainSize);
        }
        ArrayDataSetIterator train = iterator(trainSplit, batchSize, true, seed);
        ArrayDataSetIterator test = iterator(load(dir, false), batchSize, false, seed);
        if (resize != null) {
            train.setPreProcessor(new BilinearResize(resize, resize));
            test.setPreProcessor(new BilinearResize(resize, resize));
        }
        return new DataIters(train, test);
    }

    /** {@link #loadDataFashionMnist(int, Integer, long)} without resizing. */
    public static DataIters loadDataFashionMnist(int batchSize, long seed) {
        return loadDataFashionMnist(batchSize, null, seed);
    }

    /** An iterator over a split: features (batch, 1, 28, 28), one-hot labels (batch, 10). */
    public static ArrayDataSetIterator iterator(Split split, int batchSize, boolean shuffle, long seed) {
        return new ArrayDataSetIterator(
                split.pixels(),
                1f / 255,
                new long[] {1, ROWS, COLS},
                split.oneHotLabels(),
                NUM_CLASSES,
                batchSize,
                shuffle,
                seed);
    }

    /** Reads the training ({@code train = true}) or test split from {@code dir}, once per JVM. */
    public static Split load(Path dir, boolean train) {
        String prefix = train ? "train" : "t10k";
        String key = dir.toAbsolutePath() + "/" + prefix;
        return CACHE.computeIfAbsent(key, k -> {
            try {
                long start = System.nanoTime();
                Split split = read(dir, prefix);
                LOG.debug("read {} {} images in {} ms", split.size(), prefix, (System.nanoTime() - start) / 1_000_000);
                return split;
            } catch (IOException e) {
                throw new DataUnavailableException(e.getMessage() + remedy(dir), e);
            }
        });
    }

    /**
     * What to do about a damaged file in {@code dir}: the cache's copy is ours to replace, so the
     * remedy is to delete it; a directory the user keeps is left to the user.
     */
    static String remedy(Path dir) {
        Path cache =
                Settings.cacheRoot().resolve("fashion-mnist").toAbsolutePath().normalize();
        if (!dir.toAbsolutePath().normalize().equals(cache)) {
            return "";
        }
        return ". This is the cache's copy: delete " + dir + " and run again for a fresh one.";
    }

    /** Reads and checks one split without caching. */
    public static Split read(Path dir, String prefix) throws IOException {
        Path imagesPath = FashionMnistFiles.find(dir, prefix + "-images-idx3-ubyte")
                .orElseThrow(() -> new IOException(dir + ": no " + prefix + "-images-idx3-ubyte[.gz]"));
        Path labelsPath = FashionMnistFiles.find(dir, prefix + "-labels-idx1-ubyte")
                .orElseThrow(() -> new IOException(dir + ": no " + prefix + "-labels-idx1-ubyte[.gz]"));
        IdxFile images = IdxFile.read(imagesPath, IdxFile.IMAGES_MAGIC, -1, ROWS, COLS);
        IdxFile labels = IdxFile.read(labelsPath, IdxFile.LABELS_MAGIC, -1);
        if (images.dims()[0] == 0) {
            throw new IOException(imagesPath + ": holds no images (its header gives a count of 0)");
        }
        if (images.dims()[0] != labels.dims()[0]) {
            throw new IOException("mismatched files: " + imagesPath + " holds " + images.dims()[0] + " images but "
                    + labelsPath + " holds " + labels.dims()[0] + " labels");
        }
        return new Split(images.data(), classes(labels));
    }

    private static int[] classes(IdxFile labels) throws IOException {
        byte[] data = labels.data();
        int[] out = new int[data.length];
        for (int i = 0; i < data.length; i++) {
            out[i] = data[i] & 0xff;
            if (out[i] >= NUM_CLASSES) {
                throw new IOException(labels.path() + ": label " + out[i] + " at index " + i + " is outside 0-9");
            }
        }
        return out;
    }
}
