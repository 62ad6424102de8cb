package io.github.d2l4j.ch11;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.d2l4j.common.data.Airfoil;
import io.github.d2l4j.common.section.RunOptions;
import io.github.d2l4j.common.testing.LeastSquares;
import io.github.d2l4j.common.train.TrainCh11;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.factory.Nd4j;

/**
 * 11.5 on a generated airfoil-like file (540 rows whose last column is a noisy linear function of the
 * other five, 500 kept) and 64 x 64 matrices: a few seconds.
 */
class MinibatchSgdTest {
    @TempDir
    Path tmp;

    private Path airfoilLike(int rows) throws IOException {
        Random rng = new Random(11);
        double[] w = {0.8, -0.5, 0.3, 0.2, -0.4};
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < rows; i++) {
            double y = 0.3 * rng.nextGaussian();
            for (int j = 0; j < 5; j++) {
                double x = rng.nextGaussian();
                y += w[j] * x;
                sb.append(String.format(Locale.ROOT, "%.6f\t", 100 * j + (j + 1) * x));
            }
            sb.append(String.format(Locale.ROOT, "%.6f\r\n", 120 + 5 * y));
        }
        Path file = tmp.resolve("airfoil.dat");
        Files.writeString(file, sb.toString());
        return file;
    }

    @Test
    void theFourRunsAndTheConciseOneConvergeAndArePlotted() throws IOException {
        MinibatchSgd.Config c = new MinibatchSgd.Config(42, tmp, 2, 10, 4, airfoilLike(540), 500, 64);
        MinibatchSgd.Result r = MinibatchSgd.run(c);

        assertThat(r.seconds()).hasSize(4).doesNotContain(0.0);
        assertThat(r.bookGigaflops()[2]).isCloseTo(2 / r.seconds()[2], within(1e-9));
        assertThat(r.gigaflops()[2]).isCloseTo(2.0 * 64 * 64 * 64 / r.seconds()[2] / 1e9, within(1e-9));

        // At batch 1500 > 500 rows there is one batch of 500 an epoch: n reaches 1000 every second epoch.
        assertThat(r.gd().epochs()).containsExactly(2, 4, 6, 8, 10);
        assertThat(r.sgd().losses()).as("2 x 500 / 200").hasSize(5);
        assertThat(r.batch100().losses()).hasSize(5);
        assertThat(r.batch10().losses()).hasSize(5);
        assertThat(r.concise().losses()).as("4 x 500 / 200").hasSize(10);

        // No linear model does better than least squares on the 500 rows; converged runs come close to it.
        Airfoil.Data data = Airfoil.getDataCh11(c.airfoil(), 10, 500, 1);
        double floor = LeastSquares.halfMseFloor(data.features(), data.labels());
        assertThat(floor).as("the noise left after z-scoring").isBetween(0.005, 0.05);
        for (TrainCh11.Result run : r.runs()) {
            assertThat(run.finalLoss()).isBetween(floor * 0.999, floor * 1.3);
        }
        assertThat(r.timePlot()).isRegularFile().hasFileName("11.5-time.png");
        for (String name : List.of("gd", "sgd", "bs100", "bs10", "concise")) {
            assertThat(tmp.resolve("11.5-" + name + ".png")).isRegularFile();
        }
        assertThat(r.summary().toString()).contains("gd_loss").contains("concise_sec_per_epoch");
    }

    @Test
    void theBooksSgdStepsWithoutDividingByTheBatchSize() {
        TrainCh11.Param p = new TrainCh11.Param(Nd4j.createFromArray(1f, 2f), Nd4j.createFromArray(0.5f, -1f));
        MinibatchSgd.sgd(List.of(p), null, Map.of("lr", 0.1));
        assertThat(p.data().toFloatVector()).containsExactly(0.95f, 2.1f);
    }

    @Test
    void theTimingDemoTimesFourCorrectProducts() {
        assertThat(MinibatchSgd.timeMatrixProducts(128, 1)).hasSize(4).doesNotContain(0.0);
    }

    @Test
    void theBooksConfigAndBadOnes() {
        MinibatchSgd.Config c = MinibatchSgd.Config.from(RunOptions.none());
        assertThat(c.numEpochs()).isEqualTo(2);
        assertThat(c.gdEpochs()).isEqualTo(10);
        assertThat(c.conciseEpochs()).isEqualTo(4);
        assertThat(c.n()).isEqualTo(1500);
        assertThat(c.matrixSize()).isEqualTo(256);
        assertThat(c.airfoil()).isNull();
        assertThatThrownBy(() -> new MinibatchSgd.Config(1, tmp, 0, 10, 4, null, 1500, 256))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("numEpochs 0");
        assertThatThrownBy(() -> new MinibatchSgd.Config(1, tmp, 2, 10, 4, null, 1500, 32))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("matrixSize 32");
    }
}
