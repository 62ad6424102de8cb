package io.github.d2l4j.ch05;

import io.github.d2l4j.common.block.Block;
import io.github.d2l4j.common.block.Linear;
import io.github.d2l4j.common.block.Relu;
import io.github.d2l4j.common.block.Sequential;
import io.github.d2l4j.common.model.TorchInit;
import io.github.d2l4j.common.section.BookSection;
import io.github.d2l4j.common.section.RunOptions;
import io.github.d2l4j.common.section.SectionResult;
import io.github.d2l4j.common.section.Summary;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.distribution.ConstantDistribution;
import org.deeplearning4j.nn.conf.distribution.NormalDistribution;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.IWeightInit;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reading, initialising, editing and tying a model's parameters, both ways: our blocks, whose
 * parameters are named as PyTorch's {@code named_parameters()} names them ({@code 0.weight}, with
 * PyTorch's (out, in) weight shape), and DL4J's {@code paramTable} ({@code 0_W}, with the weight
 * as (in, out), and the ReLU inside the dense layer rather than a layer of its own, so DL4J's layer
 * 1 is the book's {@code net[2]}).
 *
 * <p><b>Tied parameters.</b> A block of ours used twice is one set of parameters, and its gradient
 * is the sum of both uses. DL4J's layer API cannot share: a {@code MultiLayerNetwork} or {@code
 * ComputationGraph} gives every layer its own view of the network's one flat parameter vector,
 * and no configuration points two layers at one view. The nearest DL4J gets is one layer whose own
 * computation uses its weight twice (a {@code SameDiffLayer}, see 5.4).
 *
 * <p>D2L 5.2, Parameter Management.
 */
@BookSection(
        id = "5.2",
        title = "Parameter Management",
        page = "https://zh.d2l.ai/chapter_deep-learning-computation/parameters.html")
public final class Parameters {
    private static final Logger LOG = LoggerFactory.getLogger(Parameters.class);

    public record Config(long seed) {
        public static Config from(RunOptions o) {
            return new Config(o.seed(42)); // fixes X and every initialisation
        }
    }

    /**
     * @param shapes every parameter of the 4-8-1 net by name, scratch, as PyTorch names them
     * @param dl4jShapes the same net's {@code paramTable} shapes in DL4J
     * @param gradBefore whether {@code net[2].weight.grad} existed before the backward pass
     * @param gradAfter and after it
     * @param customInit what the custom initialiser printed
     * @param tiedEqualAfterEdit whether the shared layer's two uses still agree after an edit
     */
    public record Result(
            Map<String, long[]> shapes,
            Map<String, long[]> dl4jShapes,
            boolean gradBefore,
            boolean gradAfter,
            List<String> customInit,
            boolean tiedEqualAfterEdit,
            String tree)
            implements SectionResult {
        @Override
        public Summary summary() {
            return Summary.of().add("parameters", shapes.size()).add("tied_after_edit", tiedEqualAfterEdit);
        }
    }

    public static Result run(Config c) {
        Nd4j.getRandom().setSeed(c.seed());
        INDArray X = Nd4j.rand(DataType.FLOAT, 2, 4);
        Sequential net = new Sequential(new Linear(4, 8), new Relu(), new Linear(8, 1));
        LOG.info("net(X) = {}", net.apply(X));

        // 5.2.1: one layer's parameters, like net[2].state_dict(), and its bias
        Linear out = (Linear) net.child("2");
        LOG.info("net[2].state_dict(): {}", describe(shapes(out.namedParameters())));
        LOG.info("net[2].bias = {}", out.bias());
        boolean gradBefore = out.grad("weight") != null;
        net.backward(X, y -> y); // the book's net(X).sum().backward()
        boolean gradAfter = out.grad("weight") != null;
        LOG.info("net[2].weight.grad is None: {} before backward, {} after", !gradBefore, !gradAfter);
        Map<String, long[]> shapes = shapes(net.namedParameters());
        LOG.info("net.named_parameters(): {}", describe(shapes));

        // the same net in DL4J
        MultiLayerNetwork dl4j = dl4jNet(c.seed(), WeightInit.XAVIER.getWeightInitFunction(), WeightInit.XAVIER);
        Map<String, long[]> dl4jShapes = shapes(dl4j.paramTable());
        LOG.info("DL4J paramTable(): {}", describe(dl4jShapes));
        LOG.info("DL4J gradient before a backward pass: {}", dl4j.gradient());

        // 5.2.1.3: nested blocks, printed as a tree, and indexed like nested lists
        Sequential rgnet = new Sequential(block2(), new Linear(4, 1));
        LOG.info("rgnet(X) = {}\n{}", rgnet.apply(X), rgnet);
        LOG.info(
                "rgnet[0][1][0].bias = {}",
                ((Linear) rgnet.child("0").child("block 1").child("0")).bias());

        // 5.2.2: built-in initialisation, applied to every Linear, then per layer
        eachLinear(net, l -> {
            l.weight().assign(Nd4j.randn(DataType.FLOAT, l.weight().shape()).muli(0.01)); // normal(0, 0.01)
            l.bias().assign(0);
        });
        LOG.info(
                "normal: net[0].weight[0] = {}, bias[0] = {}",
                row0(net),
                ((Linear) net.child("0")).bias().getDouble(0));
        eachLinear(net, l -> {
            l.weight().assign(1);
            l.bias().assign(0);
        });
        LOG.info("constant: net[0].weight[0] = {}", row0(net));
        xavierUniform(((Linear) net.child("0")).weight());
        ((Linear) net.child("2")).weight().assign(42);
        LOG.info("xavier: net[0].weight[0] = {}; 42: net[2].weight = {}", row0(net), out.weight());

        // 5.2.2.2: the book's custom initialisation, U(-10, 10) with |w| < 5 set to 0
        List<String> printed = new ArrayList<>();
        eachLinear(net, l -> printed.add(myInit(l.weight())));
        printed.forEach(LOG::info);
        LOG.info("net[0].weight[:2] = {}", ((Linear) net.child("0")).weight().getRows(0, 1));

        // direct edits: += 1, then [0, 0] = 42
        INDArray w0 = ((Linear) net.child("0")).weight();
        w0.addi(1);
        w0.putScalar(0, 0, 42);
        LOG.info("net[0].weight[0] = {}", w0.getRow(0));

        // 5.2.3: tied parameters
        boolean tied = tiedLayerStaysTied(X);
        LOG.info("tied: net[2].weight[0] == net[4].weight[0] after net[2].weight[0, 0] = 100: {}", tied);
        return new Result(shapes, dl4jShapes, gradBefore, gradAfter, printed, tied, rgnet.toString());
    }

    /** The book's {@code block1}: Linear(4, 8), ReLU, Linear(8, 4), ReLU. */
    public static Sequential block1() {
        return new Sequential(new Linear(4, 8), new Relu(), new Linear(8, 4), new Relu());
    }

    /** The book's {@code block2}: four {@code block1}s, named "block 0" to "block 3". */
    public static Sequential block2() {
        Sequential net = new Sequential();
        for (int i = 0; i < 4; i++) {
            net.add("block " + i, block1()); // nested here
        }
        return net;
    }

    /** The 4-8-1 net with tied middle layers: Linear(4, 8), shared, shared, Linear(8, 1). */
    public static Sequential tiedNet(Linear shared) {
        return new Sequential(new Linear(4, 8), new Relu(), shared, new Relu(), shared, new Relu(), new Linear(8, 1));
    }

    private static boolean tiedLayerStaysTied(INDArray X) {
        Linear shared = new Linear(8, 8);
        Sequential net = tiedNet(shared);
        net.apply(X);
        INDArray a = ((Linear) net.child("2")).weight();
        INDArray b = ((Linear) net.child("4")).weight();
        a.putScalar(0, 0, 100); // changing one use changes the other: they are one array
        return a.getRow(0).equals(b.getRow(0)) && a == b;
    }

    /** The 4-8-1 net in DL4J: weights from {@code init0} and {@code init1}, biases 0. */
    public static MultiLayerNetwork dl4jNet(long seed, IWeightInit init0, WeightInit init1) {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(DataType.FLOAT)
                .list()
                .layer(new DenseLayer.Builder()
                        .nIn(4)
                        .nOut(8)
                        .activation(Activation.RELU)
                        .weightInit(init0)
                        .build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE)
                        .nIn(8)
                        .nOut(1)
                        .activation(Activation.IDENTITY)
                        .weightInit(init1)
                        .build())
                .build());
        net.init();
        return net;
    }

    /** DL4J's initialisers are set per layer in the configuration: normal(0, 0.01) and constant 1. */
    public static MultiLayerNetwork dl4jInitialised(long seed, boolean normal) {
        var dist = normal ? new NormalDistribution(0, 0.01) : new ConstantDistribution(1);
        return dl4jNet(seed, new org.deeplearning4j.nn.weights.WeightInitDistribution(dist), WeightInit.ZERO);
    }

    /** Applies {@code init} to every Linear in the tree, like {@code net.apply(init_fn)}. */
    public static void eachLinear(Block block, Consumer<Linear> init) {
        if (block instanceof Linear l) {
            init.accept(l);
        }
        block.children().values().forEach(child -> eachLinear(child, init));
    }

    /** {@code nn.init.xavier_uniform_}: U(-a, a), a = sqrt(6 / (fan_in + fan_out)). */
    public static void xavierUniform(INDArray w) {
        w.assign(TorchInit.xavierUniform(w.size(1), w.size(0), w.shape())); // PyTorch's (out, in) layout
    }

    /** The book's {@code my_init}: U(-10, 10), then every weight with |w| < 5 set to 0. */
    public static String myInit(INDArray w) {
        w.assign(Nd4j.rand(DataType.FLOAT, w.shape()).muli(20).subi(10));
        w.muli(org.nd4j.linalg.ops.transforms.Transforms.abs(w).gte(5).castTo(DataType.FLOAT));
        return "Init weight " + Arrays.toString(w.shape()).replace('[', '(').replace(']', ')');
    }

    static Map<String, long[]> shapes(Map<String, INDArray> params) {
        Map<String, long[]> out = new LinkedHashMap<>();
        params.forEach((name, p) -> out.put(name, p.shape()));
        return out;
    }

    private static String describe(Map<String, long[]> shapes) {
        StringBuilder sb = new StringBuilder();
        shapes.forEach((n, s) -> sb.append(" (")
                .append(n)
                .append(", ")
                .append(Arrays.toString(s))
                .append(')'));
        return sb.toString().strip();
    }

    private static INDArray row0(Sequential net) {
        return ((Linear) net.child("0")).weight().getRow(0);
    }
}
