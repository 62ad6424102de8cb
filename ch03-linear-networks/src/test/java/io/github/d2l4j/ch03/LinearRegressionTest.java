package io.github.d2l4j.ch03;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.d2l4j.common.section.RunOptions;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LinearRegressionTest {
    @TempDir
    Path out;

    @Test
    void loopAndVectorAgreeAndThePdfIsGaussian() throws Exception {
        LinearRegression.Result r = LinearRegression.run(new LinearRegression.Config(1000, out));
        assertThat(r.maxDifference()).isZero();
        assertThat(ImageIO.read(r.plot().toFile())).isNotNull();
        double[] p = LinearRegression.normal(new double[] {0, 1, 3}, 0, 1);
        assertThat(p[0]).isCloseTo(0.398942, within(1e-6));
        assertThat(p[1]).isCloseTo(0.241971, within(1e-6));
        assertThat(LinearRegression.normal(new double[] {3}, 3, 2)[0]).isCloseTo(0.199471, within(1e-6));
    }

    @Test
    void configDefaultsToTheBook() {
        assertThat(LinearRegression.Config.from(RunOptions.none()).n()).isEqualTo(10_000);
    }
}
