package io.github.d2l4j.ch12;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class HybridizeTest {

    @Test
    void theThreeFormsAndTheReloadedGraphGiveTheSameOutputAtTheBooksSettings(@TempDir Path out) throws Exception {
        Hybridize.Result r = Hybridize.run(new Hybridize.Config(1000, 42, out));
        assertThat(r.imperative().shape()).containsExactly(1, 2);
        assertThat(r.imperative().sumNumber().doubleValue()).isNotZero();
        assertThat(r.maxDiff()).isLessThan(1e-5);
        assertThat(r.seconds()).containsOnlyKeys("imperative", "SameDiff", "DL4J");
        assertThat(r.seconds().values()).allMatch(t -> t > 0);
        assertThat(r.saved()).isEqualTo(out.resolve("12.1-my_mlp.fb")).isRegularFile();
        assertThat(Files.size(r.saved())).isGreaterThan(4L * (512 * 256 + 256 * 128 + 128 * 2));
        try (var files = Files.list(out)) {
            assertThat(files).containsExactly(r.saved()); // no temporary file left behind
        }
    }

    @Test
    void theFormsAgreeOnABatchToo() {
        Map<String, INDArray> params = Hybridize.getParams(7);
        INDArray x = Nd4j.randn(DataType.FLOAT, 5, 512);
        INDArray expected = Hybridize.imperative(params, x);
        assertThat(expected.shape()).containsExactly(5, 2);
        assertThat(Hybridize.output(Hybridize.getNet(params), x).equalsWithEps(expected, 1e-5))
                .isTrue();
        assertThat(Hybridize.dl4jNet(params).output(x).equalsWithEps(expected, 1e-5))
                .isTrue();
    }

    @Test
    void theWeightsArePyTorchsDefaultUniform() {
        Map<String, INDArray> params = Hybridize.getParams(1);
        assertThat(params.get("W1").shape()).containsExactly(512, 256);
        assertThat(params.get("b3").shape()).containsExactly(1, 2);
        double bound = 1 / Math.sqrt(512);
        assertThat(params.get("W1").amaxNumber().doubleValue())
                .isLessThanOrEqualTo(bound)
                .isGreaterThan(0.9 * bound);
    }

    @Test
    void refusesNoCalls(@TempDir Path out) {
        assertThatThrownBy(() -> new Hybridize.Config(0, 42, out))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0");
    }
}
