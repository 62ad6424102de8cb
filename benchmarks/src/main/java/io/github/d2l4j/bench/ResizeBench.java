package io.github.d2l4j.bench;

import io.github.d2l4j.common.data.BilinearResize;
import java.util.concurrent.TimeUnit;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Resizing one batch of 128 Fashion-MNIST images (1x28x28) to the sizes chapter 7 trains at, as
 * {@code loadDataFashionMnist(batch, resize, seed)} does per batch: ND4J's native bilinear op.
 *
 * <pre>mvn -pl benchmarks -am install -DskipTests; mvn -pl benchmarks exec:exec -Djmh.args="ResizeBench"</pre>
 */
@State(Scope.Benchmark)
public class ResizeBench extends FreshArraysBench {

    @Param({"65", "96", "224"})
    public int size;

    INDArray batch;

    @Setup
    public void setUp() {
        Nd4j.getRandom().setSeed(1);
        batch = Nd4j.rand(DataType.FLOAT, 128, 1, 28, 28);
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 3, time = 2)
    @Measurement(iterations = 5, time = 2)
    public INDArray resize() {
        return BilinearResize.resize(batch, size, size);
    }
}
