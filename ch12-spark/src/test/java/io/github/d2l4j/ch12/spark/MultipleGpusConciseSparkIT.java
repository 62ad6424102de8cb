package io.github.d2l4j.ch12.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.d2l4j.ch12.spark.MultipleGpusConciseSpark.Config;
import io.github.d2l4j.ch12.spark.MultipleGpusConciseSpark.Mode;
import io.github.d2l4j.ch12.spark.MultipleGpusConciseSpark.Result;
import io.github.d2l4j.common.data.FashionMnist;
import io.github.d2l4j.common.data.FashionMnistFiles;
import io.github.d2l4j.common.model.ResNet18;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * The book's ResNet-18 on the real Fashion-MNIST, trained by Spark's parameter averaging on two
 * local workers for a few minibatches. Fails, never skips, without the data.
 */
class MultipleGpusConciseSparkIT {
    private static final int WORKERS = 2;
    private static final int BATCH_PER_WORKER = 16;
    private static final int STEPS = 1;

    @Test
    void parameterAveragingLowersResNet18sLossOnFashionMnist() {
        Path dir = FashionMnistFiles.resolve(FashionMnistFiles.Sources.defaults());
        FashionMnist.Split train = FashionMnist.load(dir, true).head(WORKERS * BATCH_PER_WORKER * STEPS);
        List<DataSet> batches =
                MultipleGpusConciseSpark.minibatches(FashionMnist.iterator(train, BATCH_PER_WORKER, true, 42));
        Config c = new Config(
                WORKERS,
                2,
                WORKERS * BATCH_PER_WORKER,
                0.05,
                null,
                null,
                Mode.AVERAGING,
                42,
                Path.of("target"),
                Duration.ofMinutes(5));
        ComputationGraph net = ResNet18.resnet18(10, 1, 28, new Sgd(c.lr()), 42);
        long start = System.nanoTime();
        Result r;
        try (JavaSparkContext sc = MultipleGpusConciseSpark.sparkContext(WORKERS)) {
            r = MultipleGpusConciseSpark.train(
                    sc,
                    net,
                    sc.parallelize(batches, WORKERS),
                    FashionMnist.iterator(FashionMnist.load(dir, false).head(16), 16, false, 42),
                    c,
                    null);
        }
        System.out.printf(
                "ResNet-18 on Spark: losses %s, accs %s, %.1f s, %.1f s/epoch%n",
                r.trainLosses(), r.testAccs(), (System.nanoTime() - start) / 1e9, r.secPerEpoch());
        assertThat(r.trainLosses().get(1)).isLessThan(r.trainLosses().get(0));
    }

    private static double meanTrainingScore(ComputationGraph net, List<DataSet> batches) {
        return batches.stream().mapToDouble(b -> net.score(b, true)).average().orElseThrow();
    }
}
