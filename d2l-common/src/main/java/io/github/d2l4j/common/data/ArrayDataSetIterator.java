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
 * <p>The examples live in plain Java arrays and each batch is gathered with {@code arraycopy}:
 * cheaper than an ND4J gather per batch, and the full data set never needs an ND4J copy.
 */
public final class ArrayDataSetIterator implements DataSetIterator {
    private static final long serialVersionUID = 1L;

    private final float[] features;
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

    /**
     * @param features {@code numExamples * product(exampleShape)} values, example after example
     * @param exampleShape the shape of one example, such as {1, 28, 28}
     * @param labels {@code numExamples * labelWidth} values
     * @param labelWidth values per label: the classes of a one-hot row, or 1 for regression
     * @param batchSize examples per batch, positive
     * @param shuffle reshuffle at each epoch (training) or keep the order (evaluation)
     * @param seed seeds the shuffling
     */
    public ArrayDataSetIterator(float[] features, long[] exampleShape, float[] labels, int labelWidth,
            int batchSize, boolean shuffle, long seed) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
        }
        this.featureWidth = Math.toIntExact(Arrays.stream(exampleShape).reduce(1, (a, b) -> a * b));
        if (featureWidth == 0 || features.length % featureWidth != 0) {
            throw new IllegalArgumentException("features hold " + features.length
                    + " values, not a whole number of examples of shape " + Arrays.toString(exampleShape));
        }
        this.numExamples = features.length / featureWidth;
        if (labelWidth <= 0 || labels.length != (long) numExamples * labelWidth) {
            throw new IllegalArgumentException("mismatched data: " + numExamples + " examples but "
                    + labels.length + " label values (expected " + numExamples + " x " + labelWidth + ")");
        }
        this.features = features;
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
    public static ArrayDataSetIterator of(INDArray features, INDArray labels, int batchSize,
            boolean shuffle, long seed) {
        if (features.size(0) != labels.size(0)) {
            throw new IllegalArgumentException("mismatched data: " + features.size(0)
                    + " examples of features but " + labels.size(0) + " labels");
        }
        long[] shape = Arrays.copyOfRange(features.shape(), 1, features.rank());
        int labelWidth = labels.rank() == 1 ? 1 : (int) (labels.length() / labels.size(0));
        return new ArrayDataSetIterator(toFloats(features), shape, toFloats(labels), labelWidth,
                batchSize, shuffle, seed);
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
        float[] x = new float[b * featureWidth];
        float[] y = new float[b * labelWidth];
        for (int i = 0; i < b; i++) {
            int example = order[cursor + i];
            System.arraycopy(features, example * featureWidth, x, i * featureWidth, featureWidth);
            System.arraycopy(labels, example * labelWidth, y, i * labelWidth, labelWidth);
        }
        cursor += b;
        long[] shape = new long[exampleShape.length + 1];
        shape[0] = b;
        System.arraycopy(exampleShape, 0, shape, 1, exampleShape.length);
        DataSet ds = new DataSet(Nd4j.create(x, shape, DataType.FLOAT),
                Nd4j.create(y, new long[] {b, labelWidth}, DataType.FLOAT));
        if (preProcessor != null) {
            preProcessor.preProcess(ds);
        }
        return ds;
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
