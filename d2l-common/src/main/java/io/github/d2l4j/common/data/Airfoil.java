package io.github.d2l4j.common.data;

import io.github.d2l4j.common.io.Reasons;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The NASA airfoil self-noise data of chapter 11: {@code get_data_ch11}.
 *
 * <p>The hub's {@code airfoil_self_noise.dat} holds 1503 rows of six tab-separated numbers: five
 * features (frequency, angle of attack, chord length, free-stream velocity, suction-side
 * displacement thickness) and the sound pressure level, the label. The book reads it with {@code
 * np.genfromtxt(dtype=np.float32)}, z-scores each column over all 1503 rows with {@code np.std}
 * (the population deviation, ddof 0), and keeps the first 1500 rows.
 *
 * <p>The z-scoring repeats numpy's float32 arithmetic: each value parsed as a double and rounded to
 * float (as {@code genfromtxt} does), the column sums accumulated row after row in float (numpy
 * reduces over axis 0 of a C-ordered array one row at a time), the mean and the variance divided
 * in float, and {@code (x - mean) / std} in float. On the hub's file all 1503 x 6 values equal
 * numpy 1.x's bit for bit (checked once against {@code /usr/bin/python3}'s numpy).
 *
 * <p>Defined in D2L §11.5.
 */
public final class Airfoil {
    /** The hub's name of the file, {@code d2l.DATA_HUB['airfoil']}. */
    public static final String HUB_NAME = "airfoil";

    /** Five features and the label on each line. */
    public static final int COLUMNS = 6;

    private Airfoil() {}

    /**
     * What {@code get_data_ch11} returns, plus the arrays behind its loader.
     *
     * @param features (n, 5) z-scored features, float
     * @param labels (n, 1) z-scored labels, float
     * @param dataIter the book's shuffled loader over them
     * @param featureDim 5
     */
    public record Data(INDArray features, INDArray labels, DataSetIterator dataIter, int featureDim) {
        /** The number of examples, the book's {@code len(data_iter.dataset)}. */
        public int numExamples() {
            return (int) features.size(0);
        }
    }

    /**
     * {@code get_data_ch11(batch_size, n)}: the hub's {@code airfoil} file (SHA-1 checked), z-scored over all
     * 1503 rows with the population deviation, the first {@code n} rows kept, and a loader shuffled with
     * {@code seed}.
     *
     * @throws IllegalArgumentException if batchSize or n is not positive, or n exceeds the file's rows
     * @throws DataUnavailableException when the file cannot be had, or a line of it is not six numbers
     */
    public static Data getDataCh11(int batchSize, int n, long seed) {
        requirePositive(batchSize, n);
        return getDataCh11(DataHub.download(HUB_NAME), batchSize, n, seed);
    }

    /** {@code get_data_ch11(batch_size)} with the book's n = 1500. */
    public static Data getDataCh11(int batchSize, long seed) {
        return getDataCh11(batchSize, 1500, seed);
    }

    /**
     * {@link #getDataCh11(int, int, long)} on a given file of the hub's format (unit tests use a generated
     * one).
     */
    public static Data getDataCh11(Path file, int batchSize, int n, long seed) {
        requirePositive(batchSize, n);
        float[][] rows = zScore(read(file));
        if (n > rows.length) {
            throw new IllegalArgumentException(
                    "get_data_ch11: n = " + n + " but " + file + " has only " + rows.length + " rows");
        }
        int d = COLUMNS - 1;
        float[] x = new float[n * d];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(rows[i], 0, x, i * d, d);
            y[i] = rows[i][d];
        }
        INDArray features = Nd4j.create(x, new long[] {n, d}, 'c');
        INDArray labels = Nd4j.create(y, new long[] {n, 1}, 'c');
        DataSetIterator iter = new ArrayDataSetIterator(x.clone(), new long[] {d}, y.clone(), 1, batchSize, true, seed);
        return new Data(features, labels, iter, d);
    }

    private static void requirePositive(int batchSize, int n) {
        if (batchSize <= 0 || n <= 0) {
            throw new IllegalArgumentException(
                    "get_data_ch11: batch size and n must be positive, got batch size " + batchSize + ", n " + n);
        }
    }

    /**
     * The file's rows as {@code np.genfromtxt(dtype=float32, delimiter='\t')} reads them: blank lines
     * skipped, a trailing carriage return ignored, each field parsed as a double and rounded to float.
     *
     * @throws DataUnavailableException naming the file and the line when a line is not six numbers
     */
    public static float[][] read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new DataUnavailableException("cannot read " + file + ": " + Reasons.describe(e), e);
        }
        List<float[]> rows = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (!line.isEmpty()) {
                rows.add(parse(line, file, i + 1));
            }
        }
        if (rows.isEmpty()) {
            throw new DataUnavailableException(file + " holds no rows: " + remedy());
        }
        return rows.toArray(float[][]::new);
    }

    private static float[] parse(String line, Path file, int lineNumber) {
        String[] fields = line.split("\t", -1);
        if (fields.length != COLUMNS) {
            throw new DataUnavailableException(file + ", line " + lineNumber + " has " + fields.length
                    + " tab-separated fields, not " + COLUMNS + ": '" + shorten(line) + "'. " + remedy());
        }
        float[] row = new float[COLUMNS];
        for (int j = 0; j < COLUMNS; j++) {
            try {
                row[j] = (float) Double.parseDouble(fields[j].strip());
            } catch (NumberFormatException e) {
                throw new DataUnavailableException(file + ", line " + lineNumber + ", field " + (j + 1) + " is not a"
                        + " number: '" + shorten(fields[j]) + "'. " + remedy());
            }
            if (!Float.isFinite(row[j])) {
                throw new DataUnavailableException(file + ", line " + lineNumber + ", field " + (j + 1)
                        + " is not a finite number: '" + shorten(fields[j]) + "'. " + remedy());
            }
        }
        return row;
    }

    /**
     * {@code (data - data.mean(axis=0)) / data.std(axis=0)} in numpy's float32 arithmetic, over every row.
     * Returns new rows.
     *
     * @throws DataUnavailableException when a column is constant (its deviation is 0)
     */
    public static float[][] zScore(float[][] rows) {
        int m = rows.length;
        float[] mean = new float[COLUMNS];
        for (float[] row : rows) {
            for (int j = 0; j < COLUMNS; j++) {
                mean[j] += row[j];
            }
        }
        for (int j = 0; j < COLUMNS; j++) {
            mean[j] /= m;
        }
        float[] var = new float[COLUMNS];
        for (float[] row : rows) {
            for (int j = 0; j < COLUMNS; j++) {
                float dev = row[j] - mean[j];
                var[j] += dev * dev;
            }
        }
        float[] std = new float[COLUMNS];
        for (int j = 0; j < COLUMNS; j++) {
            std[j] = (float) Math.sqrt(var[j] / m);
            if (std[j] == 0) {
                throw new DataUnavailableException(
                        "column " + (j + 1) + " of the airfoil data is constant, so it cannot be z-scored");
            }
        }
        float[][] out = new float[m][COLUMNS];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < COLUMNS; j++) {
                out[i][j] = (rows[i][j] - mean[j]) / std[j];
            }
        }
        return out;
    }

    private static String shorten(String s) {
        return s.length() <= 60 ? s : s.substring(0, 60) + "...";
    }

    private static String remedy() {
        return "use the hub's airfoil_self_noise.dat (SHA-1 "
                + DataHub.entry(HUB_NAME).sha1() + ")";
    }
}
