package io.github.d2l4j.ch04;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.d2l4j.common.train.TrainingDivergedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * On a generated CSV shaped like Kaggle's: an Id, two numeric columns with missing values, two
 * text columns with missing values, and a SalePrice that depends on them.
 */
class KaggleHousePriceTest {
    @TempDir
    Path dir;

    Path[] writeCsvs(int nTrain, int nTest) throws Exception {
        Random rng = new Random(3);
        String[] streets = {"Pave", "Grvl"};
        String[] zones = {"RL", "RM", "FV"};
        StringBuilder train = new StringBuilder("Id,LotArea,Street,OverallQual,MSZoning,SalePrice\n");
        StringBuilder test = new StringBuilder("Id,LotArea,Street,OverallQual,MSZoning\n");
        for (int i = 0; i < nTrain + nTest; i++) {
            double area = 5000 + rng.nextInt(10000);
            int quality = 1 + rng.nextInt(10);
            String street = rng.nextInt(10) == 0 ? "NA" : streets[rng.nextInt(2)];
            String zone = zones[rng.nextInt(3)];
            String areaText = rng.nextInt(8) == 0 ? "NA" : String.valueOf((int) area);
            // prices in the hundreds, so that a short test run can reach them (Kaggle's need 100 epochs)
            double price = Math.exp(5 + 0.15 * quality + 0.00002 * area + (zone.equals("FV") ? 0.2 : 0));
            String row = (i + 1) + "," + areaText + "," + street + "," + quality + "," + zone;
            if (i < nTrain) {
                train.append(row).append(',').append((int) price).append('\n');
            } else {
                test.append(row).append('\n');
            }
        }
        return new Path[] {
            Files.writeString(dir.resolve("train.csv"), train), Files.writeString(dir.resolve("test.csv"), test)
        };
    }

    KaggleHousePrice.Config config(Path[] csv, int k, int epochs) {
        return new KaggleHousePrice.Config(csv[0], csv[1], k, epochs, 5, 0, 64, 1, dir.resolve("plots"));
    }

    @Test
    void preprocessingStandardisesAndOneHotsWithNaAsACategory() throws Exception {
        Path[] csv = writeCsvs(80, 20);
        KaggleHousePrice.Features f =
                KaggleHousePrice.preprocess(KaggleHousePrice.readCsv(csv[0]), KaggleHousePrice.readCsv(csv[1]));
        // 2 numeric + Street (Grvl, Pave, nan) + MSZoning (FV, RL, RM, nan)
        assertThat(f.names())
                .containsExactly(
                        "LotArea",
                        "OverallQual",
                        "Street_Grvl",
                        "Street_Pave",
                        "Street_nan",
                        "MSZoning_FV",
                        "MSZoning_RL",
                        "MSZoning_RM",
                        "MSZoning_nan");
        assertThat(f.train().shape()).containsExactly(80, 9);
        assertThat(f.test().shape()).containsExactly(20, 9);
        INDArray all = Nd4j.concat(0, f.train(), f.test());
        assertThat(all.getColumn(1).meanNumber().doubleValue()).isCloseTo(0, within(1e-5));
        assertThat(all.getColumn(1).stdNumber().doubleValue()).isCloseTo(1, within(1e-4)); // sample std
        assertThat(all.getColumn(8).sumNumber().doubleValue()).isZero(); // MSZoning never missing
        INDArray streetDummies = all.get(
                org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.interval(2, 5));
        assertThat(streetDummies.sum(1).toDoubleVector()).containsOnly(1.0); // exactly one per row
        assertThat(f.testIds()).hasSize(20).startsWith("81");
        assertThat(f.trainLabels().minNumber().doubleValue()).isGreaterThan(1);
    }

    @Test
    void kFoldTrainsAndWritesASubmission() throws Exception {
        Path[] csv = writeCsvs(200, 30);
        KaggleHousePrice.Result r = KaggleHousePrice.run(config(csv, 2, 40));
        assertThat(r.numFeatures()).isEqualTo(9);
        assertThat(r.validLogRmse()).isFinite().isLessThan(1.0);
        assertThat(r.finalTrainLogRmse()).isFinite().isLessThan(1.0);
        List<String> lines = Files.readAllLines(r.submission());
        assertThat(lines).hasSize(31);
        assertThat(lines.get(0)).isEqualTo("Id,SalePrice");
        assertThat(lines.get(1)).startsWith("201,");
        assertThat(dir.resolve("plots/4.10-kfold.png")).exists();
    }

    @Test
    void kFoldDataSplitsAsTheBook() {
        INDArray X = Nd4j.arange(22).reshape(11, 2).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT);
        INDArray y = Nd4j.arange(11).reshape(11, 1).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT);
        INDArray[] d = KaggleHousePrice.kFoldData(5, 1, X, y);
        assertThat(d[0].shape()).containsExactly(8, 2); // fold size 2, the 11th row left out
        assertThat(d[2].shape()).containsExactly(2, 2);
        assertThat(d[3].toDoubleVector()).containsExactly(2, 3);
    }

    @Test
    void badInputIsAClearError() throws Exception {
        Path[] csv = writeCsvs(20, 5);
        Path badTest = Files.writeString(dir.resolve("bad.csv"), "Id,LotArea,Street,MSZoning\n1,100,Pave,RL\n");
        assertThatThrownBy(() -> KaggleHousePrice.preprocess(
                        KaggleHousePrice.readCsv(csv[0]), KaggleHousePrice.readCsv(badTest)))
                .hasMessageContaining("columns do not match");
        assertThatThrownBy(() -> config(csv, 1, 10)).hasMessageContaining("k >= 2");
        Path ragged = Files.writeString(dir.resolve("ragged.csv"), "Id,A,SalePrice\n1,2\n");
        assertThatThrownBy(() -> KaggleHousePrice.readCsv(ragged)).hasMessageContaining("line 2 has 2 fields");
        assertThatThrownBy(() -> KaggleHousePrice.readCsv(dir.resolve("missing.csv")))
                .hasMessageContaining("no such CSV");
    }

    /** A learning rate far too large for Adam: the K-fold training stops in the epoch it diverged. */
    @Test
    void aHugeLearningRateEndsInTheDivergenceException() throws Exception {
        Path[] csv = writeCsvs(80, 20);
        KaggleHousePrice.Config c =
                new KaggleHousePrice.Config(csv[0], csv[1], 2, 5, 1e30, 0, 64, 1, dir.resolve("plots"));
        KaggleHousePrice.Features f =
                KaggleHousePrice.preprocess(KaggleHousePrice.readCsv(csv[0]), KaggleHousePrice.readCsv(csv[1]));
        assertThatThrownBy(() -> KaggleHousePrice.kFold(c, f.train(), f.trainLabels()))
                .isInstanceOf(TrainingDivergedException.class)
                .hasMessageMatching("training diverged in epoch [1-5]: the training loss is (NaN|Infinity|-Infinity)");
    }
}
