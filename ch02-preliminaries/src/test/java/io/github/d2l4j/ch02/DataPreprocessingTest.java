package io.github.d2l4j.ch02;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataPreprocessingTest {
    @TempDir
    Path dir;

    @Test
    void fillsTheMeanAndOneHotsWithNaAsACategory() {
        DataPreprocessing.Result r = DataPreprocessing.run(new DataPreprocessing.Config(dir));
        assertThat(dir.resolve("house_tiny.csv")).exists();
        assertThat(r.columns()).containsExactly("NumRooms", "Alley[Pave]", "Alley[nan]");
        assertThat(r.X()).isDeepEqualTo(new double[][] {{3, 1, 0}, {2, 0, 1}, {4, 0, 1}, {3, 0, 1}});
        assertThat(r.y()).containsExactly(127500, 106000, 178100, 140000);
        assertThat(r.dropped()).isEqualTo("Alley");
    }

    @Test
    void raggedRowIsAClearError() throws Exception {
        Path csv = Files.writeString(dir.resolve("bad.csv"), "NumRooms,Alley,Price\nNA,Pave,127500\n2,NA\n");
        assertThatThrownBy(() -> DataPreprocessing.readCsv(csv, 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("line 3 has 2 fields, the header has 3");
    }

    @Test
    void missingFileIsAClearError() {
        assertThatThrownBy(() -> DataPreprocessing.readCsv(dir.resolve("nope.csv"), 3))
                .hasMessageContaining("no such CSV file");
    }
}
