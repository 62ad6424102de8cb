package io.github.d2l4j.bench;

import io.github.d2l4j.ch12.MultipleGpusConcise;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.parallelism.ParallelWrapper;
import org.deeplearning4j.parallelism.ParallelWrapper.TrainingMode;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One epoch of 12.6 on 128 images (batch 32 a worker, as PERFORMANCE.md's chapter 12 table): the
 * book's ResNet-18 with a plain {@code fit} ("1"), with DL4J's {@code ParallelWrapper} on two
 * averaging workers as M2.1 builds them ("2-dl4j": worker 1's copy without oneDNN), and as 12.6
 * builds it ("2": every copy on oneDNN, {@code OneDnnTrainers}).
 *
 * <pre>mvn -pl benchmarks -am install -DskipTests; mvn -pl benchmarks exec:exec -Djmh.args="MultiWorkerEpoch"</pre>
 */
@State(Scope.Benchmark)
public class MultiWorkerEpoch extends D2lFork {

    @Param({"1", "2-dl4j", "2"})
    public String workers;

    List<DataSet> batches;
    ComputationGraph net;
    ParallelWrapper dl4j;
    MultipleGpusConcise.Wrapped ours;

    @Setup
    public void setUp() {
        Nd4j.getRandom().setSeed(1);
        batches = new ArrayList<>();
        for (int b = 0; b < 4; b++) {
            DataSet d = new DataSet(Nd4j.rand(DataType.FLOAT, 32, 1, 28, 28), Nd4j.zeros(DataType.FLOAT, 32, 10));
            d.getLabels().getColumn(b).assign(1);
            batches.add(d);
        }
        net = MultipleGpusConcise.net(0.1, 42);
        switch (workers) {
            case "1" -> {}
            case "2-dl4j" ->
                dl4j = new ParallelWrapper.Builder<>(net) // MultipleGpusConcise.build's settings
                        .workers(2)
                        .prefetchBuffer(4)
                        .trainingMode(TrainingMode.AVERAGING)
                        .averagingFrequency(1)
                        .averageUpdaters(true)
                        .build();
            case "2" -> ours = new MultipleGpusConcise.Wrapped(net, 2, TrainingMode.AVERAGING);
            default -> throw new IllegalArgumentException("workers must be 1, 2-dl4j or 2, got " + workers);
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @Warmup(iterations = 1)
    @Measurement(iterations = 3)
    public ComputationGraph epoch() {
        ListDataSetIterator<DataSet> epoch = new ListDataSetIterator<>(batches, 1);
        if (dl4j != null) {
            dl4j.fit(epoch);
        } else if (ours != null) {
            ours.epoch(epoch);
        } else {
            net.fit(epoch);
        }
        return net;
    }

    @TearDown
    public void tearDown() {
        if (dl4j != null) {
            dl4j.shutdown();
        }
        if (ours != null) {
            ours.close();
        }
    }
}
