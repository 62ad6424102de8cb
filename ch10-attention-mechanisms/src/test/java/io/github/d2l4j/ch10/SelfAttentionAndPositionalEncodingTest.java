package io.github.d2l4j.ch10;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** 10.6: the self-attention shape, the book's printed encoding values, the binary printout, the plots. */
class SelfAttentionAndPositionalEncodingTest {

    @Test
    void theBooksFigures(@TempDir Path dir) {
        SelfAttentionAndPositionalEncoding.Result r =
                SelfAttentionAndPositionalEncoding.run(new SelfAttentionAndPositionalEncoding.Config(42, dir));
        assertThat(r.selfAttentionShape()).containsExactly(2, 4, 100);
        assertThat(r.P().shape()).containsExactly(60, 32);
        assertThat(row(r, 0, 0, 4)).containsExactly(new double[] {0, 1, 0, 1}, within(1e-6));
        assertThat(row(r, 1, 6, 10)).containsExactly(new double[] {0.1769, 0.9842, 0.0998, 0.9950}, within(6e-5));
        assertThat(row(r, 59, 6, 10)).containsExactly(new double[] {-0.8758, -0.4827, -0.3739, 0.9275}, within(6e-5));
        assertThat(r.binary()).hasSize(8).startsWith("0的二进制是：000").endsWith("7的二进制是：111");
        assertThat(r.binary().get(5)).isEqualTo("5的二进制是：101");
        assertThat(r.columnsPlot()).isEqualTo(dir.resolve("10.6-columns.png")).isRegularFile();
        assertThat(r.heatmap()).isEqualTo(dir.resolve("10.6-encoding.png")).isRegularFile();
    }

    private static double[] row(SelfAttentionAndPositionalEncoding.Result r, int i, int from, int to) {
        return r.P().get(NDArrayIndex.point(i), NDArrayIndex.interval(from, to)).toDoubleVector();
    }
}
