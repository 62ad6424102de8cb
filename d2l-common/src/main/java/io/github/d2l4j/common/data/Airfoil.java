package io.github.d2l4j.common.data;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * The NASA airfoil self-noise data of chapter 11: {@code get_data_ch11}.
 *
 * <p>Defined in D2L §11.5.
 */
public final class Airfoil {
    private Airfoil() {}

    /**
     * What {@code get_data_ch11} returns, plus the arrays behind its loader.
     *
     * @param features (n, 5) z-scored features, float
     * @param labels (n, 1) z-scored labels, float
     * @param dataIter the book's shuffled loader over them
     * @param featureDim 5
     */
    public record Data(INDArray features, INDArray labels, DataSetIterator dataIter, int featureDim) {}

    /**
     * {@code get_data_ch11(batch_size, n)}: the hub's {@code airfoil} file (SHA-1 checked), z-scored over all
     * 1503 rows with the population deviation, the first {@code n} rows kept, and a loader shuffled with
     * {@code seed}.
     */
    public static Data getDataCh11(int batchSize, int n, long seed) {
        throw new UnsupportedOperationException("TODO");
    }

    /** {@code get_data_ch11(batch_size)} with the book's n = 1500. */
    public static Data getDataCh11(int batchSize, long seed) {
        return getDataCh11(batchSize, 1500, seed);
    }
}
