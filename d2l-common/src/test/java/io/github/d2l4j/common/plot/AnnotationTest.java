package io.github.d2l4j.common.plot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** annotate: the text sits at xytext, and a black arrow reaches the point. */
class AnnotationTest {

    @Test
    void anAnnotatedPlotCarriesTheTextAndTheArrow(@TempDir Path dir) throws Exception {
        double[] x = {0, 1, 2, 3, 4};
        double[] y = {0, 1, 4, 9, 16};
        Axes axes = Axes.of().withXlim(0, 4).withYlim(0, 16);
        Path plain = Plot.plot(x, List.of(y), axes, Plot.DEFAULT_FMTS, List.of(), dir.resolve("plain.png"));
        Annotation a = new Annotation("look\nhere", new double[] {3, 9}, new double[] {0.5, 12});
        Path annotated = Plot.plot(x, List.of(y), axes, Plot.DEFAULT_FMTS, List.of(a), dir.resolve("a.png"));

        BufferedImage before = ImageIO.read(plain.toFile());
        BufferedImage after = ImageIO.read(annotated.toFile());
        assertThat(Pixels.count(after, Color.BLACK)).isGreaterThan(Pixels.count(before, Color.BLACK) + 40);
        // the text's box: two lines, its lower left corner at xytext, left of the point it points at
        assertThat(a.getBounds().getHeight()).isGreaterThan(20);
        assertThat(a.getBounds().getMaxX()).isLessThan(after.getWidth() * 0.75);
    }

    @Test
    void aPointIsTwoFiniteNumbers() {
        assertThatThrownBy(() -> new Annotation("t", new double[] {1}, new double[] {0, 0}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("xy=[1.0]");
    }
}
