package io.github.d2l4j.common.plot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The level lines lie on the level sets; the levels are matplotlib's; the plot shows lines and trace. */
class ContoursTest {
    private static final double[] X1 = Contours.arange(-2.0, 2.0, 0.1);
    private static final double[] X2 = Contours.arange(-2.0, 2.0, 0.1);

    @Test
    void arangeStopsBeforeItsEndAsTorchDoes() {
        double[] x1 = Contours.arange(-5.5, 1.0, 0.1);
        assertThat(x1).hasSize(65);
        assertThat(x1[0]).isEqualTo(-5.5);
        assertThat(x1[64]).isEqualTo(0.9, within(1e-12));
        assertThat(Contours.arange(-3.0, 1.0, 0.1)).hasSize(40);
    }

    /** Circles of x1^2 + x2^2: every segment's ends lie on the circle of radius sqrt(level). */
    @Test
    void theLevelLinesOfACircularBowlAreCircles() {
        double[][] z = Contours.grid(X1, X2, (a, b) -> a * a + b * b);
        for (double level : new double[] {0.5, 1, 2, 3}) {
            List<double[]> segments = Contours.segments(X1, X2, z, level);
            // a closed circle crosses roughly 8 r / 0.1 cells
            assertThat(segments.size()).isGreaterThan((int) (6 * Math.sqrt(level) / 0.1));
            double r = Math.sqrt(level);
            for (double[] s : segments) {
                // linear interpolation along a cell edge of 0.1: well within the grid's resolution
                assertThat(Math.hypot(s[0], s[1])).isCloseTo(r, within(0.01));
                assertThat(Math.hypot(s[2], s[3])).isCloseTo(r, within(0.01));
                assertThat(Math.hypot(s[2] - s[0], s[3] - s[1])).isLessThanOrEqualTo(0.1 * Math.sqrt(2) + 1e-12);
            }
        }
    }

    /** x1 * x2 = 0 has a saddle in the middle; level 0.25's two hyperbola branches stay apart. */
    @Test
    void aSaddleCellIsSplitByItsCentre() {
        double[] x = {-1, 1};
        double[][] z = {{0.2, -0.2}, {-0.2, 0.2}}; // corners alternate around a centre of 0
        List<double[]> segments = Contours.segments(x, x, z, 0.1);
        assertThat(segments).hasSize(2);
        // the centre (0) is below the level, so the two corners above it (0.2) are cut off
        for (double[] s : segments) {
            double mx = (s[0] + s[2]) / 2;
            double my = (s[1] + s[3]) / 2;
            assertThat(Math.signum(mx)).isEqualTo(Math.signum(my));
        }
    }

    @Test
    void theLevelsAreRoundNumbersStrictlyInsideTheRangeAsMatplotlibChoosesThem() {
        // x1^2 + 2 x2^2 on the book's grid: 0 to 48.25, step 10 (6.03 rounded up to a nice step)
        assertThat(Contours.levels(0.0, 48.25)).containsExactly(10, 20, 30, 40);
        assertThat(Contours.levels(-1, 1)).containsExactly(-0.75, -0.5, -0.25, 0, 0.25, 0.5, 0.75);
        assertThat(Contours.levels(3, 3)).isEmpty();
    }

    @Test
    void theContourPlotShowsItsLinesAndTheTrace(@TempDir Path dir) throws Exception {
        Path png = Contours.contour(
                X1,
                X2,
                (a, b) -> a * a + b * b,
                List.of(new double[] {-1.5, -1.5}, new double[] {0, 0}),
                Axes.of(),
                dir.resolve("c.png"));
        assertThat(png).isRegularFile();
        assertThat(dir.resolve("c.svg")).isRegularFile();
        BufferedImage img = ImageIO.read(png.toFile());
        assertThat(img.getWidth()).isEqualTo(525);
        assertThat(img.getHeight()).isEqualTo(375);
        assertThat(Pixels.count(img, Contours.CONTOUR)).isGreaterThan(200);
        assertThat(Pixels.count(img, Contours.TRACE)).isGreaterThan(30);
    }

    @Test
    void aRaggedGridIsRefused() {
        assertThatThrownBy(() -> Contours.segments(X1, X2, new double[3][3], 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("40 x1");
    }
}
