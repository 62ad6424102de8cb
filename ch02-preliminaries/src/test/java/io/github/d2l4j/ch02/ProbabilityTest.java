package io.github.d2l4j.ch02;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProbabilityTest {
    @TempDir
    Path out;

    @Test
    void frequenciesConvergeAndBayesMatchesTheBook() throws Exception {
        Probability.Result r = Probability.run(new Probability.Config(500, 10, 1, out));
        assertThat(Arrays.stream(r.frequencies()).boxed().toList())
                .allSatisfy(f -> assertThat(f).isCloseTo(1 / 6.0, within(0.05)));
        assertThat(Arrays.stream(r.frequencies()).sum()).isCloseTo(1, within(1e-9));
        assertThat(Arrays.stream(r.finalEstimates()).boxed().toList())
                .allSatisfy(f -> assertThat(f).isCloseTo(1 / 6.0, within(0.02)));
        assertThat(r.bayes()[0]).isCloseTo(0.011485, within(1e-9));
        assertThat(r.bayes()[1]).isCloseTo(0.1306, within(5e-5));
        assertThat(r.bayes()[2]).isCloseTo(0.00176955, within(1e-11));
        assertThat(r.bayes()[3]).isCloseTo(0.8307, within(5e-5));
        assertThat(r.sampleMean()).isCloseTo(r.exactMean(), within(0.05));
        assertThat(r.sampleVariance()).isCloseTo(r.exactVariance(), within(0.1));
        assertThat(ImageIO.read(r.plot().toFile())).isNotNull();
    }

    @Test
    void multinomialCountsAddUpAndRejectBadProbabilities() {
        int[] counts = Probability.multinomial(10, new double[] {0.5, 0.5}, new Random(1));
        assertThat(counts[0] + counts[1]).isEqualTo(10);
        assertThat(Probability.multinomial(5, new double[] {0, 1}, new Random(1)))
                .containsExactly(0, 5);
        assertThatThrownBy(() -> Probability.multinomial(1, new double[] {0.5, 0.6}, new Random(1)))
                .hasMessageContaining("sum to 1");
    }
}
