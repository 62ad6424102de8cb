package io.github.d2l4j.common.plot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.factory.Nd4j;

class AnimatorTest {
    @TempDir
    Path dir;

    @Test
    void writesAReadablePngOfTheFigureSizeAndAnSvg() throws Exception {
        Path png = dir.resolve("plots/train.png");
        Animator animator = new Animator(
                Axes.of()
                        .withLabels("epoch", null)
                        .withXlim(1, 3)
                        .withYlim(0.3, 0.9)
                        .withLegend("train loss", "train acc", "test acc"),
                png);
        animator.add(1, 0.8, 0.7, 0.75);
        animator.add(2, 0.6, 0.8, null);
        BufferedImage img = ImageIO.read(png.toFile());
        assertThat(img).isNotNull();
        assertThat(img.getWidth()).isEqualTo(525); // 3.5 in x 150 dpi
        assertThat(img.getHeight()).isEqualTo(375);
        assertThat(dir.resolve("plots/train.svg")).content().contains("<svg");
        try (var files = Files.list(dir.resolve("plots"))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("train.png", "train.svg");
        }
    }

    @Test
    void plotAndShowImagesWriteImages() throws Exception {
        Path p = Plot.plot(
                new double[] {0, 1, 2},
                List.of(new double[] {0, 1, 4}, new double[] {1, 1, 1}),
                Axes.of().withLegend("f", "g"),
                dir.resolve("f.png"));
        assertThat(ImageIO.read(p.toFile()).getWidth()).isEqualTo(525);
        Path grid = Images.showImages(
                Nd4j.rand(4, 1, 28, 28), 2, 2, List.of("a", "b", "c\nd", "e"), 1.5, dir.resolve("grid.png"));
        BufferedImage img = ImageIO.read(grid.toFile());
        assertThat(img.getWidth()).isEqualTo(300);
        assertThat(img.getHeight()).isGreaterThan(300);
    }

    @Test
    void badAxesAreRejected() {
        assertThatThrownBy(() -> Axes.of().withScales("linear", "logit")).hasMessageContaining("'logit'");
        assertThatThrownBy(() -> Axes.of().withXlim(2, 1)).hasMessageContaining("xlim");
    }
}
