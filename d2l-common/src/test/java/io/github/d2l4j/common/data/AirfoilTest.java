package io.github.d2l4j.common.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;

class AirfoilTest {
    @TempDir
    Path tmp;

    /** {@code rows} lines of the hub's format (six tab-separated numbers, CRLF), columns on different scales. */
    private Path airfoilLike(int rows) throws IOException {
        Random rng = new Random(7);
        double[] scale = {1000, 5, 0.1, 50, 0.01, 120};
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < 6; j++) {
                sb.append(j == 0 ? "" : "\t")
                        .append(String.format(Locale.ROOT, "%.5f", scale[j] * (1 + rng.nextDouble())));
            }
            sb.append("\r\n");
        }
        Path file = tmp.resolve("airfoil.dat");
        Files.writeString(file, sb.toString());
        return file;
    }

    @Test
    void zScoresEveryColumnOverAllRowsAndKeepsTheFirstN() throws IOException {
        Path file = airfoilLike(53);
        float[][] raw = Airfoil.read(file);
        assertThat(raw).hasNumberOfRows(53);
        float[][] z = Airfoil.zScore(raw);
        for (int j = 0; j < 6; j++) {
            double sum = 0, sq = 0;
            for (float[] row : z) {
                sum += row[j];
                sq += row[j] * row[j];
            }
            double mean = sum / z.length;
            assertThat(mean).as("mean of column %d", j).isCloseTo(0, within(1e-5));
            assertThat(Math.sqrt(sq / z.length - mean * mean))
                    .as("population std of column %d (ddof 0)", j)
                    .isCloseTo(1, within(1e-5));
        }

        Airfoil.Data data = Airfoil.getDataCh11(file, 10, 50, 1);
        assertThat(data.featureDim()).isEqualTo(5);
        assertThat(data.features().shape()).containsExactly(50, 5);
        assertThat(data.labels().shape()).containsExactly(50, 1);
        assertThat(data.features().dataType()).isEqualTo(DataType.FLOAT);
        assertThat(data.numExamples()).isEqualTo(50);
        for (int i = 0; i < 50; i++) {
            for (int j = 0; j < 5; j++) {
                assertThat(data.features().getFloat(i, j)).isEqualTo(z[i][j]);
            }
            assertThat(data.labels().getFloat(i, 0)).isEqualTo(z[i][5]);
        }
    }

    @Test
    void theLoaderShufflesAllNRowsInBatches() throws IOException {
        Airfoil.Data data = Airfoil.getDataCh11(airfoilLike(53), 10, 50, 3);
        int batches = 0;
        double labelSum = 0;
        boolean reordered = false;
        int seen = 0;
        while (data.dataIter().hasNext()) {
            DataSet b = data.dataIter().next();
            assertThat(b.getFeatures().shape()).containsExactly(10, 5);
            assertThat(b.getLabels().shape()).containsExactly(10, 1);
            for (int i = 0; i < 10; i++, seen++) {
                labelSum += b.getLabels().getFloat(i, 0);
                reordered |= b.getLabels().getFloat(i, 0) != data.labels().getFloat(seen, 0);
            }
            batches++;
        }
        assertThat(batches).isEqualTo(5);
        assertThat(labelSum).isCloseTo(data.labels().sumNumber().doubleValue(), within(1e-4));
        assertThat(reordered).as("shuffled").isTrue();
    }

    @Test
    void aMalformedLineIsADataErrorNamingTheLine() throws IOException {
        Path file = airfoilLike(20);
        var lines = new java.util.ArrayList<>(Files.readAllLines(file));
        lines.set(6, "800\t0\t0.3048\t71.3\t0.00266337"); // line 7: five fields
        Files.write(file, lines);
        assertThatThrownBy(() -> Airfoil.read(file))
                .isInstanceOf(DataUnavailableException.class)
                .hasMessageContaining("line 7 has 5 tab-separated fields, not 6");

        lines.set(6, "800\t0\t0.3048\tabc\t0.00266337\t126.2");
        Files.write(file, lines);
        assertThatThrownBy(() -> Airfoil.getDataCh11(file, 10, 10, 1))
                .isInstanceOf(DataUnavailableException.class)
                .hasMessageContaining("line 7, field 4 is not a number: 'abc'");
    }

    @Test
    void badSizesAreRejected() throws IOException {
        Path file = airfoilLike(20);
        assertThatThrownBy(() -> Airfoil.getDataCh11(file, 0, 10, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("batch size 0");
        assertThatThrownBy(() -> Airfoil.getDataCh11(file, 5, -1, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("n -1");
        assertThatThrownBy(() -> Airfoil.getDataCh11(file, 5, 21, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("n = 21")
                .hasMessageContaining("only 20 rows");
        assertThatThrownBy(() -> Airfoil.getDataCh11(0, 1500, 1))
                .as("checked before any download")
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aConstantColumnCannotBeZScored() {
        float[][] rows = {{1, 2, 3, 4, 5, 6}, {1, 3, 4, 5, 6, 7}};
        assertThatThrownBy(() -> Airfoil.zScore(rows))
                .isInstanceOf(DataUnavailableException.class)
                .hasMessageContaining("column 1");
    }
}
