package io.github.d2l4j.common.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class Train2dTest {

    /** §11.3's gd_2d with eta 0.1 on x1^2 + 2 x2^2: the book prints this line. */
    @Test
    void gradientDescentOnTheBooksObjectivePrintsTheBooksLine() {
        double eta = 0.1;
        List<double[]> results =
                Train2d.train2d(s -> new Train2d.State(s.x1() - eta * 2 * s.x1(), s.x2() - eta * 4 * s.x2(), 0, 0));

        assertThat(results).hasSize(21);
        assertThat(results.get(0)).containsExactly(-5, -2);
        assertThat(Train2d.lastLine(results)).isEqualTo("epoch 20, x1: -0.057646, x2: -0.000073");
        // the closed form: x1 = -5 * 0.8^20, x2 = -2 * 0.6^20
        assertThat(results.get(20)[0]).isEqualTo(-5 * Math.pow(0.8, 20), org.assertj.core.api.Assertions.within(1e-15));
    }

    @Test
    void aTinyNegativeValuePrintsWithItsSignAsPythonDoes() {
        assertThat(Train2d.lastLine(List.of(new double[] {-5, -2}, new double[] {-0.002295, -1e-9})))
                .isEqualTo("epoch 1, x1: -0.002295, x2: -0.000000");
    }

    @Test
    void badStepsAreRefused() {
        assertThatThrownBy(() -> Train2d.train2d(s -> s, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("steps=0");
    }

    /** show_trace_2d: a PNG of the book's figsize, the trace in '#ff7f0e' starting at the left, at x1 = -5. */
    @Test
    void theTraceIsDrawnOverTheContours(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        double eta = 0.1;
        List<double[]> results =
                Train2d.train2d(s -> new Train2d.State(s.x1() - eta * 2 * s.x1(), s.x2() - eta * 4 * s.x2(), 0, 0));
        java.nio.file.Path png = Train2d.showTrace2d((a, b) -> a * a + 2 * b * b, results, dir.resolve("t.png"));
        assertThat(png).isEqualTo(dir.resolve("t.png")).isRegularFile();
        java.awt.image.BufferedImage img = javax.imageio.ImageIO.read(png.toFile());
        assertThat(img.getWidth()).isEqualTo(525);
        assertThat(img.getHeight()).isEqualTo(375);
        // the start (-5, -2) on x1 from -5.5 to 0.9: the trace's leftmost orange pixels lie in the left quarter
        int leftmost = img.getWidth();
        int orange = 0;
        for (int x = 0; x < img.getWidth(); x++) {
            for (int y = 0; y < img.getHeight(); y++) {
                java.awt.Color p = new java.awt.Color(img.getRGB(x, y));
                if (Math.abs(p.getRed() - 0xff) <= 12
                        && Math.abs(p.getGreen() - 0x7f) <= 12
                        && Math.abs(p.getBlue() - 0x0e) <= 12) {
                    leftmost = Math.min(leftmost, x);
                    orange++;
                }
            }
        }
        assertThat(orange).isGreaterThan(50);
        assertThat(leftmost).isLessThan(img.getWidth() / 4);
    }

    @Test
    void aTraceWithoutPointsIsRefused() {
        assertThatThrownBy(() -> Train2d.showTrace2d((a, b) -> a, List.of(), java.nio.file.Path.of("x.png")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("non-empty trace");
    }
}
