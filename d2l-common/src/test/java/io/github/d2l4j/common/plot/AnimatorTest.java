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

    /** A point outside the book's y-range widens the range instead of falling off the plot. */
    @Test
    void theBooksRangeWidensToTheData() throws Exception {
        Path inRange = dir.resolve("in.png");
        Path outOfRange = dir.resolve("out.png");
        Axes book = Axes.of().withXlim(1, 3).withYlim(0.3, 0.9);
        Animator a = new Animator(book, inRange);
        Animator b = new Animator(book, outOfRange);
        for (int x = 1; x <= 3; x++) {
            a.add(x, 0.5, 0.6);
            b.add(x, 2.5 - x * 0.2, 0.6); // a loss of 2.3 in epoch 1: above 0.9
        }
        assertThat(a.drawnAxes().ylim()).containsExactly(0.3, 0.9); // the book's range, as it is
        assertThat(b.drawnAxes().ylim()).containsExactly(0.3, 2.3); // widened to the loss
        assertThat(outOfRange).exists();
        Animator none = new Animator(book, null); // no file: lines only
        none.add(1, 0.5);
    }

    @Test
    void badAxesAreRejected() {
        assertThatThrownBy(() -> Axes.of().withScales("linear", "logit")).hasMessageContaining("'logit'");
        assertThatThrownBy(() -> Axes.of().withXlim(2, 1)).hasMessageContaining("xlim");
    }

    @Test
    void fractionalEpochsPrintWithAtMostFourDecimals() {
        assertThat(Animator.shortDecimal(0.2)).isEqualTo("0.2");
        assertThat(Animator.shortDecimal(2.0 / 15)).isEqualTo("0.1333");
        assertThat(Animator.shortDecimal(1.0666666666666667)).isEqualTo("1.0667");
    }
}
