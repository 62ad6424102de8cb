package io.github.d2l4j.ch12.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.github.d2l4j.ch12.spark.MultipleGpusConciseSpark.Config;
import io.github.d2l4j.ch12.spark.MultipleGpusConciseSpark.Mode;
import io.github.d2l4j.ch12.spark.MultipleGpusConciseSpark.Result;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Tier 2: the book's ResNet-18 on 2,048 real Fashion-MNIST images, 3 epochs on two local workers,
 * batch 64 (32 a worker) and lr 0.05, evaluated on the whole test set each epoch, once with
 * parameter averaging and once with gradient sharing, as {@code spark-run} runs them. The full
 * book run (60,000 images, 10 epochs) is GPU work. Each run: Spark's loss (averaging) falls every
 * epoch, and the test accuracy ends well above chance (0.1). Not yet timed on the CI machine.
 */
@Tag("book")
@Tag("chapter12")
class MultipleGpusConciseSparkBookIT {

    private static Config config(Mode mode) {
        return new Config(2, 3, 64, 0.05, 2048, null, mode, 42, Path.of("target", "plots"), Duration.ofMinutes(60));
    }

    @Test
    void parameterAveragingLearnsFashionMnist() {
        Result r = MultipleGpusConciseSpark.run(config(Mode.AVERAGING));
        assertThat(r.trainLosses()).isSortedAccordingTo((a, b) -> Double.compare(b, a));
        assertThat(r.testAccs().get(2)).isGreaterThan(0.5);
    }

    @Test
    void gradientSharingLearnsFashionMnistAndCleansUp() {
        Set<Path> aeronBefore = AeronDirs.list(AeronDirs.SHM);
        Result r = assertTimeoutPreemptively(
                Duration.ofHours(2), () -> MultipleGpusConciseSpark.run(config(Mode.SHARING)));
        assertThat(r.testAccs().get(2)).isGreaterThan(0.3);
        assertThat(AeronDirs.list(AeronDirs.SHM)).isEqualTo(aeronBefore);
    }
}
