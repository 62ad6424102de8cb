package io.github.d2l4j.ch12;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.d2l4j.common.section.RunOptions;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class AutoParallelismTest {

    @Test
    void aChainIsItsProductsEachXTimesX() {
        INDArray x = Nd4j.rand(DataType.FLOAT, 6, 6);
        List<INDArray> ys = AutoParallelism.run(x, 3);
        assertThat(ys).hasSize(3);
        for (INDArray y : ys) {
            assertThat(y.equalsWithEps(x.mmul(x), 1e-5)).isTrue();
        }
    }

    @Test
    void twoWorkersRunBothChainsAtTheSectionsSettings() {
        int blas = Nd4j.factory().blas().getMaxThreads();
        AutoParallelism.Result r = AutoParallelism.run(AutoParallelism.Config.from(RunOptions.none()));
        assertThat(r.gpu()).isFalse();
        assertThat(r.worker1Seconds()).isPositive();
        assertThat(r.worker2Seconds()).isPositive();
        assertThat(r.sequentialSeconds()).isPositive();
        assertThat(r.parallelSeconds()).isPositive();
        // timings on 2 shared cores vary: no speed is asserted, only that the two runs did the work
        assertThat(r.summary().toString()).contains("needs a GPU");
        assertThat(Nd4j.factory().blas().getMaxThreads())
                .as("BLAS threads restored")
                .isEqualTo(blas);
    }

    /**
     * The copy-overlap part runs only under CUDA; here the same code runs on the CPU, where the
     * copies leave the arrays in host memory: each copied result is still x x, and every timing
     * is taken.
     */
    @Test
    void theCopyOverlapPartCopiesEveryResult() {
        INDArray x = Nd4j.rand(DataType.FLOAT, 6, 6);
        List<INDArray> copied = AutoParallelism.copyToCpu(AutoParallelism.run(x, 3));
        assertThat(copied)
                .hasSize(3)
                .allSatisfy(y -> assertThat(y.equalsWithEps(x.mmul(x), 1e-5)).isTrue());
        ExecutorService copier = Executors.newSingleThreadExecutor();
        try {
            AutoParallelism.CopyOverlap t = AutoParallelism.copyOverlap(x, 3, copier);
            assertThat(List.of(t.runSeconds(), t.copySeconds(), t.bothSeconds()))
                    .allSatisfy(s -> assertThat(s).isNotNegative());
            assertThat(t.toString()).startsWith("run ").contains(", copy ", ", both ");
        } finally {
            copier.shutdownNow();
        }
    }

    @Test
    void refusesAnEmptyChain() {
        assertThatThrownBy(() -> new AutoParallelism.Config(500, 0, 42))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("500, 0");
    }
}
