package io.github.d2l4j.common.data;

import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Minibatches over examples held in memory, the book's {@code DataLoader} as a DL4J {@link
 * DataSetIterator}. Training iterators are reshuffled at every {@link #reset()} (every epoch) from
 * one seeded RNG, so a run is reproducible; the last, partial batch is kept.
 *
 * <p>The examples live in plain Java arrays (floats, or unsigned bytes scaled on the fly, which
 * keeps Fashion-MNIST at a quarter of the memory), and each batch is gathered with {@code
 * arraycopy} into ND4J arrays that are allocated once and refilled: a new (256, 784) array per
 * step would halve the speed of the book's small models.
 *
 * <p><b>So a batch is valid until the next call to {@link #next()}.</b> Training loops use each
 * batch at once; to keep one, {@code DataSet.copy()} it.
 */
public final class ArrayDataSetIterator implements DataSetIterator {
    private static final long serialVersionUID = 1L;

    private final float[] features; // null when the examples are bytes
    private final byte[] featureBytes; // unsigned, scaled by byteScale
    private final float byteScale;
    private final long[] exampleShape;
    private final int featureWidth;
    private final float[] labels;
    private final int labelWidth;
    private final int numExamples;
    private final int batchSize;
    private final boolean shuffle;
    private final Random rng;
    private final int[] order;
    private int cursor;
    private DataSetPreProcessor preProcessor;
    // Reused per batch size: the full batches, and the one partial batch at the end.
    private final java.util.Map<Integer, DataSet> buffers = new java.util.HashMap<>();
    private final java.util.Map<Integer, INDArray> byteBuffers = new java.util.HashMap<>();
    private float[] featureRows = new float[0];
    private byte[] featureByteRows = new byte[0];
    private float[] labelRows = new float[0];

    /**
     * @param features {@code numExamples * product(exampleShape)} values, example after example
     * @param exampleShape the shape of one example, such as {1, 28, 28}
     * @param labels {@code numExamples * labelWidth} values
     * @param labelWidth values per label: the classes of a one-hot row, or 1 for regression
     * @param batchSize examples per batch, positive
     * @param shuffle reshuffle at each epoch (training) or keep the order (evaluation)
     * @param seed seeds the shuffling
     */
    public ArrayDataSetIterator(
            float[] features,
            long[] exampleShape,
            float[] labels,
            int labelWidth,
            int batchSize,
            boolean shuffle,
            long seed) {
        this(features, null, 1f, exampleShape, labels, labelWidth, batchSize, shuffle, seed);
    }

    /**
     * Examples stored as unsigned bytes, each value multiplied by {@code scale} when a batch is
     * gathered: Fashion-MNIST's pixels with scale 1/255.
     */
    public ArrayDataSetIterator(
            byte[] features,
            float scale,
            long[] exampleShape,
            float[] labels,
            int labelWidth,
            int batchSize,
            boolean shuffle,
            long seed) {
        this(null, features, scale, exampleShape, labels, labelWidth, batchSize, shuffle, seed);
    }

    private ArrayDataSetIterator(
            float[] features,
            byte[] featureBytes,
            float byteScale,
            long[] exampleShape,
            float[] labels,
            int labelWidth,
            int batchSize,
            boolean shuffle,
            long seed) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
        }
        this.featureWidth = Math.toIntExact(Arrays.stream(exampleShape).reduce(1, (a, b) -> a * b));
        int values = features != null ? features.length : featureBytes.length;
        if (featureWidth == 0 || values % featureWidth != 0) {
            throw new IllegalArgumentException("features hold " + values
                    + " values, not a whole number of examples of shape " + Arrays.toString(exampleShape));
        }
        this.numExamples = values / featureWidth;
        if (labelWidth <= 0 || labels.length != (long) numExamples * labelWidth) {
            throw new IllegalArgumentException("mismatched data: " + numExamples + " examples but " + labels.length
                    + " label values (expected " + numExamples + " x " + labelWidth + ")");
        }
        this.features = features;
        this.featureBytes = featureBytes;
        this.byteScale = byteScale;
        this.exampleShape = exampleShape.clone();
        this.labels = labels;
        this.labelWidth = labelWidth;
        this.batchSize = batchSize;
        this.shuffle = shuffle;
        this.rng = new Random(seed);
        this.order = new int[numExamples];
        reset();
    }

    /**
     * An iterator over ND4J arrays: features (n, ...) and labels (n, k). Both are copied.
     *
     * @throws IllegalArgumentException if the first dimensions differ
     */
    public static ArrayDataSetIterator of(
            INDArray features, INDArray labels, int batchSize, boolean shuffle, long seed) {
        if (features.size(0) != labels.size(0)) {
            throw new IllegalArgumentException(
                    "mismatched data: " + features.size(0) + " examples of features but " + labels.size(0) + " labels");
        }
        long[] shape = Arrays.copyOfRange(features.shape(), 1, features.rank());
        int labelWidth = labels.rank() == 1 ? 1 : (int) (labels.length() / labels.size(0));
        return new ArrayDataSetIterator(
                toFloats(features), shape, toFloats(labels), labelWidth, batchSize, shuffle, seed);
    }

    private static float[] toFloats(INDArray a) {
        return a.castTo(DataType.FLOAT).dup('c').data().asFloat();
    }

    @Override
    public boolean hasNext() {
        return cursor < numExamples;
    }

    @Override
    public DataSet next() {
        return next(batchSize);
    }

    @Override
    public DataSet next(int num) {
        if (!hasNext()) {
            throw new NoSuchElementException("epoch finished: call reset()");
        }
        int b = Math.min(num, numExamples - cursor);
        gatherRows(b);
        cursor += b;
        DataSet ds = buffers.computeIfAbsent(b, this::newBuffers);
        // one bulk copy each from the Java rows into the ND4J buffers
        if (features != null) {
            ds.getFeatures().data().asNioFloat().put(featureRows, 0, b * featureWidth);
        } else {
            // bytes go over as bytes; ND4J widens and scales them in two native ops
            INDArray bytes = byteBuffers.computeIfAbsent(
                    b, k -> Nd4j.create(DataType.UINT8, ds.getFeatures().shape(), 'c'));
            bytes.data().asNio().put(featureByteRows, 0, b * featureWidth);
            ds.getFeatures().assign(bytes).muli(byteScale);
        }
        ds.getLabels().data().asNioFloat().put(labelRows, 0, b * labelWidth);
        if (preProcessor == null) {
            return ds;
        }
        DataSet out = new DataSet(ds.getFeatures(), ds.getLabels()); // the preprocessor may replace arrays
        preProcessor.preProcess(out);
        return out;
    }

    /** Copies the next b examples, in epoch order, into the reusable Java row arrays. */
    private void gatherRows(int b) {
        if (labelRows.length < b * labelWidth) {
            labelRows = new float[b * labelWidth];
            if (features != null) {
                featureRows = new float[b * featureWidth];
            } else {
                featureByteRows = new byte[b * featureWidth];
            }
        }
        for (int i = 0; i < b; i++) {
            int example = order[cursor + i];
            if (features != null) {
                System.arraycopy(features, example * featureWidth, featureRows, i * featureWidth, featureWidth);
            } else {
                System.arraycopy(featureBytes, example * featureWidth, featureByteRows, i * featureWidth, featureWidth);
            }
            System.arraycopy(labels, example * labelWidth, labelRows, i * labelWidth, labelWidth);
        }
    }

    private DataSet newBuffers(int b) {
        long[] shape = new long[exampleShape.length + 1];
        shape[0] = b;
        System.arraycopy(exampleShape, 0, shape, 1, exampleShape.length);
        return new DataSet(
                Nd4j.create(DataType.FLOAT, shape, 'c'), Nd4j.create(DataType.FLOAT, new long[] {b, labelWidth}, 'c'));
    }

    /** Starts a new epoch; a training iterator draws a fresh permutation. */
    @Override
    public void reset() {
        for (int i = 0; i < numExamples; i++) {
            order[i] = i;
        }
        if (shuffle) {
            for (int i = numExamples - 1; i > 0; i--) { // Fisher-Yates
                int j = rng.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        }
        cursor = 0;
    }

    /** Batches per epoch, the partial last one included. */
    public int numBatches() {
        return (numExamples + batchSize - 1) / batchSize;
    }

    public int numExamples() {
        return numExamples;
    }

    @Override
    public int inputColumns() {
        return featureWidth;
    }

    @Override
    public int totalOutcomes() {
        return labelWidth;
    }

    @Override
    public boolean resetSupported() {
        return true;
    }

    /** Batches are cheap to gather; DL4J's prefetch thread would only add hand-offs. */
    @Override
    public boolean asyncSupported() {
        return false;
    }

    @Override
    public int batch() {
        return batchSize;
    }

    @Override
    public void setPreProcessor(DataSetPreProcessor preProcessor) {
        this.preProcessor = preProcessor;
    }

    @Override
    public DataSetPreProcessor getPreProcessor() {
        return preProcessor;
    }

    @Override
    public List<String> getLabels() {
        return null;
    }
}
