package io.github.d2l4j.common.plot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** {@code show_heatmaps}: a PNG written whole, the colour map's ends, and clear errors on bad grids. */
class HeatmapsTest {

    private static Set<Integer> colours(Path png) throws Exception {
        BufferedImage img = ImageIO.read(png.toFile());
        Set<Integer> rgb = new HashSet<>();
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                rgb.add(img.getRGB(x, y) & 0xffffff);
            }
        }
        return rgb;
    }

    @Test
    void theIdentityIsDrawnInTheDarkestAndLightestReds(@TempDir Path dir) throws Exception {
        Path png = Heatmaps.showHeatmaps(
                Nd4j.eye(10).castTo(DataType.FLOAT).reshape(1, 1, 10, 10), "Keys", "Queries", dir.resolve("eye.png"));
        assertThat(png).isEqualTo(dir.resolve("eye.png")).isRegularFile();
        Set<Integer> rgb = colours(png);
        assertThat(rgb).contains(0x67000d, 0xfff5f0); // the diagonal's 1 and the rest's 0
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("eye.png");
        }
    }

    @Test
    void aGridOfHeatmapsWithTitlesIsWiderAndTallerThanOne(@TempDir Path dir) throws Exception {
        double[][][][] grid = new double[2][3][4][5];
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 3; j++) {
                for (int a = 0; a < 4; a++) {
                    for (int b = 0; b < 5; b++) {
                        grid[i][j][a][b] = i + j + a * b;
                    }
                }
            }
        }
        Path many = Heatmaps.showHeatmaps(
                grid,
                "Keys",
                "Queries",
                List.of("Head 1", "Head 2", "Head 3"),
                new double[] {2.5, 2.5},
                "Reds",
                dir.resolve("grid.png"));
        Path one = Heatmaps.showHeatmaps(
                new double[][][][] {{grid[0][0]}},
                "Keys",
                "Queries",
                null,
                new double[] {2.5, 2.5},
                "Reds",
                dir.resolve("one.png"));
        BufferedImage m = ImageIO.read(many.toFile());
        BufferedImage o = ImageIO.read(one.toFile());
        assertThat(m.getWidth()).isGreaterThan(2 * o.getWidth());
        assertThat(m.getHeight()).isGreaterThan(o.getHeight() * 3 / 2);
    }

    @Test
    void theColourMapRunsFromLightToDarkRed() {
        assertThat(Heatmaps.reds(0).getRGB() & 0xffffff).isEqualTo(0xfff5f0);
        assertThat(Heatmaps.reds(1).getRGB() & 0xffffff).isEqualTo(0x67000d);
        assertThat(Heatmaps.reds(0.5).getRGB() & 0xffffff).isEqualTo(0xfb6a4a);
        assertThat(Heatmaps.reds(0.3).getRed()).isGreaterThan(Heatmaps.reds(0.7).getRed());
    }

    @Test
    void ticksFallOnAtMostSixRoundIndexes() {
        assertThat(Heatmaps.tickIndexes(1)).containsExactly(0);
        assertThat(Heatmaps.tickIndexes(6)).containsExactly(0, 1, 2, 3, 4, 5);
        assertThat(Heatmaps.tickIndexes(10)).containsExactly(0, 2, 4, 6, 8);
        assertThat(Heatmaps.tickIndexes(50)).containsExactly(0, 10, 20, 30, 40);
        assertThat(Heatmaps.tickIndexes(1000)).containsExactly(0, 200, 400, 600, 800);
    }

    @Test
    void theColourBarIsLabelledAtRoundValues() {
        assertThat(Heatmaps.barTicks(0, 1)).containsExactly(0, 0.2, 0.4, 0.6, 0.8, 1);
        assertThat(Heatmaps.barTicks(0, 0.997)).containsExactly(0, 0.2, 0.4, 0.6, 0.8);
        assertThat(Heatmaps.barTicks(0.013, 0.27)).containsExactly(0.05, 0.1, 0.15, 0.2, 0.25);
        assertThat(Heatmaps.barTicks(-3, 7)).containsExactly(-2, 0, 2, 4, 6);
        assertThat(Heatmaps.barTicks(0.5, 0.5)).containsExactly(0.5);
    }

    @Test
    void raggedEmptyOrNonFiniteGridsAreClearErrorsAndWriteNothing(@TempDir Path dir) throws Exception {
        Path png = dir.resolve("bad.png");
        double[] fig = Heatmaps.DEFAULT_FIGSIZE;
        assertThatThrownBy(() -> Heatmaps.showHeatmaps(new double[0][][][], "k", "q", null, fig, "Reds", png))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no matrices");
        assertThatThrownBy(() -> Heatmaps.showHeatmaps(new double[1][1][0][0], "k", "q", null, fig, "Reds", png))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("empty");
        double[][][][] raggedKeys = {{{{1, 2}, {3}}}};
        assertThatThrownBy(() -> Heatmaps.showHeatmaps(raggedKeys, "k", "q", null, fig, "Reds", png))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2 keys")
                .hasMessageContaining("has 1 in query 1");
        double[][][][] raggedGrid = {{{{1}}, {{2}}}, {{{3}}}};
        assertThatThrownBy(() -> Heatmaps.showHeatmaps(raggedGrid, "k", "q", null, fig, "Reds", png))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("row 0 has 2 matrices, row 1 has 1");
        double[][][][] nan = {{{{1, Double.NaN}}}};
        assertThatThrownBy(() -> Heatmaps.showHeatmaps(nan, "k", "q", null, fig, "Reds", png))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("NaN at (0, 1)");
        double[][][][] ok = {{{{1}}, {{2}}}};
        assertThatThrownBy(() -> Heatmaps.showHeatmaps(ok, "k", "q", List.of("one"), fig, "Reds", png))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2 columns but 1 titles");
        assertThatThrownBy(() -> Heatmaps.showHeatmaps(ok, "k", "q", null, fig, "viridis", png))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("viridis");
        assertThatThrownBy(() -> Heatmaps.showHeatmaps(Nd4j.ones(3, 3), "k", "q", png))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[3, 3]");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }

    /** A write that fails (the target is a directory) leaves no file, not even a temporary one. */
    @Test
    void aFailedWriteLeavesNoPartialFile(@TempDir Path dir) throws Exception {
        Path target = Files.createDirectories(dir.resolve("taken.png"));
        Files.writeString(target.resolve("inside"), "x");
        assertThatThrownBy(() -> Heatmaps.showHeatmaps(Nd4j.eye(3).reshape(1, 1, 3, 3), "Keys", "Queries", target))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("taken.png");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("taken.png");
        }
        assertThat(target).isDirectory();
    }
}
