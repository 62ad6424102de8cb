package io.github.d2l4j.bench;

import io.github.d2l4j.ch07.AlexNet;
import io.github.d2l4j.ch07.DenseNet;
import io.github.d2l4j.ch07.GoogLeNet;
import io.github.d2l4j.ch07.Nin;
import io.github.d2l4j.ch07.ResNet;
import io.github.d2l4j.ch07.Vgg;
import io.github.d2l4j.common.device.Threads;
import io.github.d2l4j.common.model.Dl4jNet;
import io.github.d2l4j.common.model.Net;
import java.util.Map;
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
 * One training step ({@code fit} on one batch, as {@code trainCh6} runs it) of each chapter 7
 * network, at the book's settings and at the integration tests' reduced ones, on a batch already
 * at the network's input size: set against {@link ResizeBench}, it shows what resizing costs per
 * step. {@code benchmarks/pytorch/modern.py --time-steps N} times the same step in PyTorch.
 *
 * <pre>mvn -pl benchmarks -am install -DskipTests; mvn -pl benchmarks exec:exec -Djmh.args="ModernCnnStep"</pre>
 */
@State(Scope.Benchmark)
public class ModernCnnStep extends FreshArraysBench {

    @Param({"7.1", "7.2", "7.3", "7.4", "7.6", "7.7"})
    public String net;

    /** "book": the book's image size and batch; "reduced": ModernCnnIT's. */
    @Param({"reduced", "book"})
    public String setting;

    /**
     * "conv": {@code trainCh6}'s default (ND4J ops on every core, BLAS on one); "blas": every
     * core for both, which the large dense layers of AlexNet and VGG may want.
     */
    @Param({"conv"})
    public String threads;

    /** An input side and a batch size. */
    record Setting(int side, int batch) {}

    /** The book's settings, and ModernCnnIT's reduced ones. */
    static final Map<String, Setting> SETTINGS = Map.ofEntries(
            Map.entry("7.1/book", new Setting(224, 128)),
            Map.entry("7.1/reduced", new Setting(65, 32)),
            Map.entry("7.2/book", new Setting(224, 128)),
            Map.entry("7.2/reduced", new Setting(64, 32)),
            Map.entry("7.3/book", new Setting(224, 128)),
            Map.entry("7.3/reduced", new Setting(67, 32)),
            Map.entry("7.4/book", new Setting(96, 128)),
            Map.entry("7.4/reduced", new Setting(32, 32)),
            Map.entry("7.6/book", new Setting(96, 256)),
            Map.entry("7.6/reduced", new Setting(32, 256)),
            Map.entry("7.7/book", new Setting(96, 256)),
            Map.entry("7.7/reduced", new Setting(32, 256)));

    Net model;
    INDArray X;
    INDArray y;

    @Setup
    public void setUp() {
        if (threads.equals("blas")) {
            Threads.set(Threads.DEFAULT, Threads.DEFAULT);
        } else {
            Threads.applyConvolutionDefault();
        }
        Setting s = SETTINGS.get(net + "/" + setting);
        if (s == null) {
            throw new IllegalArgumentException("no setting " + net + "/" + setting);
        }
        int side = s.side();
        int batch = s.batch();
        model = switch (net) {
            case "7.1" -> new Dl4jNet(AlexNet.net(side, 0.01, 1));
            case "7.2" -> new Dl4jNet(Vgg.net(Vgg.smallConvArch(), side, 0.05, 1));
            case "7.3" -> new Dl4jNet(Nin.net(side, 0.1, 1));
            case "7.4" -> new Dl4jNet(GoogLeNet.net(side, 0.1, 1));
            case "7.6" -> new Dl4jNet(ResNet.net(side, 0.05, 1));
            case "7.7" -> new Dl4jNet(DenseNet.net(side, 0.1, 1));
            default -> throw new IllegalArgumentException("no network " + net);
        };
        Nd4j.getRandom().setSeed(1);
        X = Nd4j.rand(DataType.FLOAT, batch, 1, side, side);
        y = Nd4j.zeros(DataType.FLOAT, batch, 10);
        for (int i = 0; i < batch; i++) {
            y.putScalar(i, i % 10, 1f);
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 2)
    @Measurement(iterations = 3)
    public Net.Step step() {
        return model.trainStep(X, y);
    }
}
