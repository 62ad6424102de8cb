package io.github.d2l4j.bench;

import io.github.d2l4j.common.data.FashionMnist;
import io.github.d2l4j.common.data.FashionMnistFiles;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Reading all 70,000 Fashion-MNIST images and labels into memory (both splits, uncached). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 10)
@Fork(1)
public class FashionMnistLoad {
    Path dir;

    @Setup
    public void resolve() {
        dir = FashionMnistFiles.resolve(FashionMnistFiles.Sources.defaults());
    }

    @Benchmark
    public int readBothSplits() throws Exception {
        return FashionMnist.read(dir, "train").size()
                + FashionMnist.read(dir, "t10k").size();
    }
}
