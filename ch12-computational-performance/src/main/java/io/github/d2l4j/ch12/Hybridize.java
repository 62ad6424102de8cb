package io.github.d2l4j.ch12;

import io.github.d2l4j.common.io.AtomicFile;
import io.github.d2l4j.common.metrics.Benchmark;
import io.github.d2l4j.common.model.TorchInit;
import io.github.d2l4j.common.section.BookSection;
import io.github.d2l4j.common.section.RunOptions;
import io.github.d2l4j.common.section.SectionResult;
import io.github.d2l4j.common.section.Summary;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compilers and interpreters: imperative code runs one operation at a time, each a call from the
 * host language into the library; symbolic code describes the whole computation first, so that a
 * compiler can see it at once, optimise it, and run it without the host language (and save it to
 * a file that needs no Python, or here no Java source, to load). PyTorch's {@code torch.jit.script}
 * turns the book's {@code nn.Sequential} into such a program.
 *
 * <p>The book's MLP (512-256-128-2, ReLU between) on one input {@code torch.randn(size=(1, 512))},
 * three ways, on the same weights (PyTorch's {@code nn.Linear} default initialisation, {@link
 * TorchInit#defaultUniform}, seeded here; the book seeds nothing):
 *
 * <ul>
 *   <li><b>imperative</b>: ND4J ops one by one ({@code mmul}, {@code addRowVector}, {@code relu}),
 *       each executed as Java calls it: PyTorch's eager mode;
 *   <li><b>SameDiff</b>: the graph built once, with the input as a placeholder, and executed as a
 *       whole by {@code output}: the role of {@code torch.jit.script}. {@code net.save('my_mlp')}
 *       is {@link SameDiff#save}, written atomically to {@code 12.1-my_mlp.fb} in {@code --out}
 *       and loaded back with {@link SameDiff#load} (the result checks the same output);
 *   <li><b>DL4J</b>: a {@link MultiLayerNetwork} of three dense layers, the concise form.
 * </ul>
 *
 * <p>The book's {@code Benchmark} (d2l-common's {@link Benchmark}) times 1000 calls of each and
 * prints {@code 无torchscript: 0.1234 sec}-style lines, here {@code imperative}, {@code SameDiff}
 * and {@code DL4J}. What differs from the book: there the scripted network is the faster (the
 * book's PyTorch code on this machine, one shared 2-core CPU: 0.30 s eager, 0.18 s TorchScript for
 * 1000 calls). Here the graph is the slowest. On a 1x512 input the arithmetic is microseconds, so
 * these timings measure each engine's overhead per call: SameDiff's session (placeholder checks,
 * op lookups, its memory manager) costs more per call than ND4J's direct ops, while DL4J's network
 * calls its layers directly. The graph form pays off once the graph is large or its ops are fused.
 * The lines say what this machine measures (about 0.50 s imperative, 1.0 s SameDiff, 0.38 s DL4J).
 *
 * <p>D2L 12.1, Compilers and Interpreters.
 */
@BookSection(
        id = "12.1",
        title = "Compilers and Interpreters",
        page = "https://zh.d2l.ai/chapter_computational-performance/hybridize.html")
public final class Hybridize {
    private static final Logger LOG = LoggerFactory.getLogger(Hybridize.class);

    /** The book's layer widths: 512 inputs, hidden 256 and 128, 2 outputs. */
    static final int[] SIZES = {512, 256, 128, 2};

    /**
     * @param calls how many times each form runs under the benchmark (the book's 1000)
     * @param seed fixes the input and the weights
     * @param out the directory the saved graph is written into
     */
    public record Config(int calls, long seed, Path out) {
        public Config {
            if (calls < 1) {
                throw new IllegalArgumentException("calls must be at least 1, got " + calls);
            }
        }

        public static Config from(RunOptions o) {
            return new Config(1000, o.seed(42), o.out()); // the book does not seed
        }
    }

    /**
     * @param imperative the imperative MLP's output for the book's input, shape (1, 2)
     * @param sameDiff the SameDiff graph's output
     * @param dl4j the MultiLayerNetwork's output
     * @param reloaded the output of the graph loaded back from {@code saved}
     * @param seconds each form's time for {@code calls} calls, in the order above
     * @param saved the saved graph, the book's {@code my_mlp}
     */
    public record Result(
            INDArray imperative,
            INDArray sameDiff,
            INDArray dl4j,
            INDArray reloaded,
            Map<String, Double> seconds,
            Path saved)
            implements SectionResult {
        @Override
        public Summary summary() {
            Summary s = Summary.of().add("output", imperative.toString().replace(" ", ""));
            seconds.forEach((k, v) -> s.add(k + "_sec", v));
            return s.add("max_diff", maxDiff()).add("saved", saved);
        }

        /** The largest difference between the imperative output and any other. */
        public double maxDiff() {
            double d = 0;
            for (INDArray o : new INDArray[] {sameDiff, dl4j, reloaded}) {
                d = Math.max(d, Transforms.abs(o.sub(imperative)).maxNumber().doubleValue());
            }
            return d;
        }
    }

    /** The weights of the three linear layers, {@code W1, b1, ..., W3, b3}, W as (in, out). */
    static Map<String, INDArray> getParams(long seed) {
        Nd4j.getRandom().setSeed(seed);
        Map<String, INDArray> params = new LinkedHashMap<>();
        for (int i = 1; i < SIZES.length; i++) {
            params.put("W" + i, TorchInit.defaultUniform(SIZES[i - 1], SIZES[i - 1], SIZES[i]));
            params.put("b" + i, TorchInit.defaultUniform(SIZES[i - 1], 1, SIZES[i]));
        }
        return params;
    }

    /** The MLP as imperative ND4J calls: each op runs when Java reaches it. */
    static INDArray imperative(Map<String, INDArray> params, INDArray x) {
        INDArray h = x;
        for (int i = 1; i < SIZES.length; i++) {
            h = h.mmul(params.get("W" + i)).addRowVector(params.get("b" + i));
            if (i < SIZES.length - 1) {
                h = Transforms.relu(h, false);
            }
        }
        return h;
    }

    /** The MLP as a SameDiff graph, built once: input placeholder {@code x}, output {@code y}. */
    static SameDiff getNet(Map<String, INDArray> params) {
        SameDiff sd = SameDiff.create();
        SDVariable h = sd.placeHolder("x", DataType.FLOAT, -1, SIZES[0]);
        for (int i = 1; i < SIZES.length; i++) {
            SDVariable w = sd.var("W" + i, params.get("W" + i).dup());
            // xw_plus_b takes its bias as a vector
            SDVariable b = sd.var("b" + i, params.get("b" + i).reshape(SIZES[i]).dup());
            h = i < SIZES.length - 1 ? sd.nn.relu(sd.nn.linear(h, w, b), 0) : sd.nn.linear("y", h, w, b);
        }
        return sd;
    }

    /** The graph run as a whole for input {@code x}. */
    static INDArray output(SameDiff net, INDArray x) {
        return net.outputSingle(Map.of("x", x), "y");
    }

    /** The MLP as a DL4J network of dense layers, carrying the same weights. */
    static MultiLayerNetwork dl4jNet(Map<String, INDArray> params) {
        var list = new NeuralNetConfiguration.Builder().dataType(DataType.FLOAT).list();
        for (int i = 1; i < SIZES.length; i++) {
            Activation a = i < SIZES.length - 1 ? Activation.RELU : Activation.IDENTITY;
            list.layer(new DenseLayer.Builder()
                    .nIn(SIZES[i - 1])
                    .nOut(SIZES[i])
                    .activation(a)
                    .build());
        }
        MultiLayerNetwork net = new MultiLayerNetwork(list.build());
        net.init();
        for (int i = 1; i < SIZES.length; i++) {
            net.setParam((i - 1) + "_W", params.get("W" + i));
            net.setParam((i - 1) + "_b", params.get("b" + i));
        }
        return net;
    }

    /** {@code net.save}: the graph to {@code file}, atomically. */
    static Path save(SameDiff net, Path file) {
        try {
            return AtomicFile.write(file, out -> net.save(out, false));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the graph to " + file, e);
        }
    }

    public static Result run(Config c) {
        Map<String, INDArray> params = getParams(c.seed());
        INDArray x = Nd4j.randn(DataType.FLOAT, 1, SIZES[0]); // torch.randn(size=(1, 512))
        SameDiff net = getNet(params);
        MultiLayerNetwork dl4j = dl4jNet(params);

        INDArray imperative = imperative(params, x);
        INDArray graph = output(net, x);
        INDArray concise = dl4j.output(x);
        LOG.info("imperative: {}", imperative);
        LOG.info("SameDiff:   {}", graph);
        LOG.info("DL4J:       {}", concise);

        Map<String, Double> seconds = new LinkedHashMap<>();
        seconds.put("imperative", time("imperative", c.calls(), () -> imperative(params, x)));
        seconds.put("SameDiff", time("SameDiff", c.calls(), () -> output(net, x)));
        seconds.put("DL4J", time("DL4J", c.calls(), () -> dl4j.output(x)));

        Path saved = save(net, c.out().resolve("12.1-my_mlp.fb"));
        SameDiff loaded = SameDiff.load(saved.toFile(), false);
        INDArray reloaded = output(loaded, x);
        LOG.info("saved: {}, loaded back: {}", saved.toAbsolutePath(), reloaded);
        return new Result(imperative, graph, concise, reloaded, seconds, saved);
    }

    /** The book's {@code with Benchmark(...): for i in range(1000): net(x)}. */
    private static double time(String description, int calls, Supplier<INDArray> net) {
        net.get(); // warm up once, as the book's first net(x) does
        Benchmark benchmark = new Benchmark(description);
        try (benchmark) {
            for (int i = 0; i < calls; i++) {
                net.get();
            }
        }
        return benchmark.seconds();
    }
}
