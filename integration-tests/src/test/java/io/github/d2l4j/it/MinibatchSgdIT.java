package io.github.d2l4j.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.d2l4j.ch11.MinibatchSgd;
import io.github.d2l4j.common.data.Airfoil;
import io.github.d2l4j.common.testing.BookThresholds;
import io.github.d2l4j.common.testing.LeastSquares;
import io.github.d2l4j.common.train.TrainCh11;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tier 1 of 11.5 on the real airfoil data, run as {@code ./d2l run 11.5} runs it, at the book's settings: the
 * timing demo, gradient descent (10 epochs), SGD, minibatches of 100 and 10 (2 epochs each) and the concise SGD
 * (4 epochs). Every run converges, so each final loss lies in the band [0.2417, 0.26] ({@link
 * BookThresholds#AIRFOIL_MIN_LOSS}, {@link BookThresholds#AIRFOIL_MAX_LOSS}); the floor 0.2417 is also computed
 * from the data {@code getDataCh11} returns (the normal equations), which checks the loader: a wrong
 * normalisation or row count moves it.
 *
 * <p>Cost: 9.3 s alone ({@code mvn verify -Dit.test=MinibatchSgdIT}, load 7-8 on 2 cores), 8.3 s of it the
 * section; the element-wise timing loop takes about 2 s of that. Seed 42 ends at gd 0.2434, sgd 0.2423, bs100
 * 0.2426, bs10 0.2423, concise 0.2425 (PyTorch, seeds 42-43: 0.2435-0.2489 for sgd and bs10, 0.2424-0.2445
 * concise).
 */
class MinibatchSgdIT {
    @TempDir
    Path out;

    @Test
    void everyRunEndsBetweenTheLeastSquaresFloorAnd026() {
        Airfoil.Data data = Airfoil.getDataCh11(10, 1);
        assertThat(data.features().shape()).containsExactly(1500, 5);
        // numpy's float32 z-score of the first and last kept rows (features, then label), to the last bit
        assertThat(data.features().getRow(0).toFloatVector())
                .containsExactly(
                        -0.662021815776825f,
                        -1.146398901939392f,
                        1.7992973327636719f,
                        1.3129169940948486f,
                        -0.6448042988777161f);
        assertThat(data.labels().getFloat(0, 0)).isEqualTo(0.19794011116027832f);
        assertThat(data.features().getRow(1499).toFloatVector())
                .containsExactly(
                        0.08364810049533844f,
                        1.4904450178146362f,
                        -0.37373489141464233f,
                        -0.7233612537384033f,
                        3.1727688312530518f);
        assertThat(data.labels().getFloat(1499, 0)).isEqualTo(-2.2594425678253174f);
        assertThat(LeastSquares.halfMseFloor(data.features(), data.labels()))
                .as("the least-squares floor of the book's objective on the first 1500 rows")
                .isCloseTo(BookThresholds.AIRFOIL_MIN_LOSS, within(1e-4));

        SectionRun run = SectionRun.of("run", "11.5", "--seed", "42", "--out", out.toString());
        MinibatchSgd.Result r = (MinibatchSgd.Result) run.result();
        String[] names = {"gd", "sgd", "bs100", "bs10", "concise"};
        for (int i = 0; i < names.length; i++) {
            TrainCh11.Result t = r.runs().get(i);
            assertThat(t.finalLoss())
                    .as("%s's final loss", names[i])
                    .isBetween(BookThresholds.AIRFOIL_MIN_LOSS - 1e-4, BookThresholds.AIRFOIL_MAX_LOSS);
            assertThat(run.printed(names[i] + "_loss")).isCloseTo(t.finalLoss(), within(1e-4));
        }
        assertThat(r.gd().losses()).as("n = 3000, 6000, ... 15000").hasSize(5);
        assertThat(r.sgd().losses()).as("2 x 1500 / 200").hasSize(15);
        assertThat(r.concise().losses()).as("4 x 1500 / 200").hasSize(30);
        assertThat(out.resolve("11.5-time.png")).isRegularFile();
    }
}
