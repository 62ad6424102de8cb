package io.github.d2l4j.bench;

import io.github.d2l4j.ch08.RnnConcise;
import io.github.d2l4j.ch08.RnnScratch;
import io.github.d2l4j.common.device.Threads;
import io.github.d2l4j.common.rnn.LanguageModel;
import io.github.d2l4j.common.rnn.TrainCh8;
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
 * One training step of chapter 8's language models at the book's settings, as {@code
 * trainEpochCh8} runs it: forward and backward over a (32, 35) minibatch from the carried state,
 * global clipping at 1, SGD. 8.5's from-scratch RNN (512 hidden units, SameDiff) and 8.6's DL4J
 * one (256, {@code TbpttSimpleRnn}). An epoch is 8 such steps; PyTorch's ({@code
 * benchmarks/pytorch/rnn.py}) take 0.40-0.42 s (8.5) and 0.12-0.13 s (8.6) per epoch on one
 * thread of the CI machine.
 *
 * <pre>mvn -pl benchmarks -am install -DskipTests; mvn -pl benchmarks exec:exec -Djmh.args="RnnStep"</pre>
 */
@State(Scope.Benchmark)
public class RnnStep extends D2lFork {

    @Param({"8.5", "8.6"})
    public String section;

    LanguageModel net;
    INDArray X;
    INDArray Y;

    @Setup
    public void setUp() {
        Threads.applyDefault();
        Nd4j.getRandom().setSeed(1);
        net = section.equals("8.5") ? RnnScratch.model(28, 512, 1) : RnnConcise.model(28, 256, 1, 1);
        X = Nd4j.rand(DataType.FLOAT, 32, 35).muli(28).castTo(DataType.INT32);
        Y = Nd4j.rand(DataType.FLOAT, 32, 35).muli(28).castTo(DataType.INT32);
        net.beginState(32);
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 2, time = 2)
    @Measurement(iterations = 5, time = 2)
    public double step() {
        double l = net.forwardBackward(X, Y);
        TrainCh8.gradClipping(net, TrainCh8.THETA);
        net.update();
        return l;
    }
}
