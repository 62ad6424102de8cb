package io.github.d2l4j.bench;

import io.github.d2l4j.ch03.SoftmaxRegressionConcise;
import io.github.d2l4j.ch03.SoftmaxRegressionScratch;
import io.github.d2l4j.ch04.MlpConcise;
import io.github.d2l4j.ch04.MlpScratch;
import io.github.d2l4j.common.data.ArrayDataSetIterator;
import io.github.d2l4j.common.data.DataIters;
import io.github.d2l4j.common.data.FashionMnist;
import io.github.d2l4j.common.device.Threads;
import io.github.d2l4j.common.model.Dl4jNet;
import io.github.d2l4j.common.model.Net;
import io.github.d2l4j.common.train.TrainCh3;
import java.util.concurrent.TimeUnit;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One training step and one training epoch (batch 256, lr 0.1, running loss and accuracy
 * included) of 3.6 and 4.2 (SameDiff gradients) and 3.7 and 4.3 (DL4J), as trainCh3 runs them.
 */
@State(Scope.Benchmark)
public class Training extends D2lFork { // run under OMP_WAIT_POLICY=PASSIVE for threads=2

    @Param({"3.6", "3.7", "4.2", "4.3"})
    public String section;

    @Param({"1"}) // BLAS threads; -p threads=1,2 compares (export OMP_WAIT_POLICY=PASSIVE first)
    public int threads;

    Net net;
    ArrayDataSetIterator train;
    DataSet batch;

    @Setup(Level.Trial)
    public void setUp() {
        Threads.set(threads);
        DataIters data = FashionMnist.loadDataFashionMnist(256, 42L);
        train = data.train();
        batch = train.next().copy();
        Nd4j.getRandom().setSeed(42);
        net = switch (section) {
            case "3.6" ->
                SoftmaxRegressionScratch.net(
                        Nd4j.randn(DataType.FLOAT, 784, 10).muli(0.01), Nd4j.zeros(DataType.FLOAT, 10), 0.1);
            case "3.7" -> new Dl4jNet(SoftmaxRegressionConcise.net(0.1, 42L));
            case "4.2" ->
                MlpScratch.net(
                        Nd4j.randn(DataType.FLOAT, 784, 256).muli(0.01),
                        Nd4j.zeros(DataType.FLOAT, 256),
                        Nd4j.randn(DataType.FLOAT, 256, 10).muli(0.01),
                        Nd4j.zeros(DataType.FLOAT, 10),
                        0.1);
            case "4.3" -> new Dl4jNet(MlpConcise.net(0.1, 42L));
            default -> throw new IllegalArgumentException("no benchmark for section " + section);
        };
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @Warmup(iterations = 3, time = 2)
    @Measurement(iterations = 5, time = 2)
    public double step() {
        return net.trainStep(batch.getFeatures(), batch.getLabels()).lossSum();
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 3)
    @Measurement(iterations = 10)
    public double[] epoch() {
        return TrainCh3.trainEpochCh3(net, train, "bench");
    }
}
