package io.github.d2l4j.ch12;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.d2l4j.common.section.RunOptions;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class AsyncComputationTest {

    @Test
    void plainJavasProductIsNd4jsProduct() {
        int n = 37;
        float[] a = AsyncComputation.normal(new Random(3), n);
        float[] b = AsyncComputation.normal(new Random(4), n);
        INDArray expected = Nd4j.create(a, new long[] {n, n}).mmul(Nd4j.create(b, new long[] {n, n}));
        INDArray actual = Nd4j.create(AsyncComputation.dot(a, b, n), new long[] {n, n});
        assertThat(actual.equalsWithEps(expected, 1e-4)).isTrue();
    }

    @Test
    void theNormalDrawsHaveMeanZeroAndVarianceOne() {
        float[] a = AsyncComputation.normal(new Random(5), 200);
        INDArray x = Nd4j.create(a);
        assertThat(x.meanNumber().doubleValue()).isBetween(-0.02, 0.02);
        assertThat(x.stdNumber().doubleValue()).isBetween(0.98, 1.02);
    }

    @Test
    void theBooksTimingOnACpuIsSynchronous() {
        // the book's settings: ten 1000x1000 products, one of them in plain Java (about a second)
        AsyncComputation.Result r = AsyncComputation.run(AsyncComputation.Config.from(RunOptions.none()));
        assertThat(r.queued()).isFalse();
        assertThat(r.javaSeconds()).isPositive();
        assertThat(r.javaSecondsForReps()).isEqualTo(r.javaSeconds() * 10);
        assertThat(r.nd4jSeconds()).isPositive();
        assertThat(r.doneSeconds()).isPositive();
        assertThat(r.z().dataType()).isEqualTo(DataType.FLOAT);
        assertThat(r.z().toFloatVector()).containsExactly(3f, 3f);
        assertThat(r.summary().toString()).contains("synchronous (CPU)");
    }

    @Test
    void refusesAnEmptyRun() {
        assertThatThrownBy(() -> new AsyncComputation.Config(1000, 0, 1, 42))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1000, 0, 1");
    }
}
