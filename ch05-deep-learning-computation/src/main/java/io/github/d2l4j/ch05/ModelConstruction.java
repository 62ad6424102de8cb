package io.github.d2l4j.ch05;

import io.github.d2l4j.common.block.Block;
import io.github.d2l4j.common.block.Linear;
import io.github.d2l4j.common.block.Relu;
import io.github.d2l4j.common.block.Sequential;
import io.github.d2l4j.common.section.BookSection;
import io.github.d2l4j.common.section.RunOptions;
import io.github.d2l4j.common.section.SectionResult;
import io.github.d2l4j.common.section.Summary;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a framework composes layers into blocks and blocks into models, both ways: DL4J's {@code
 * MultiLayerNetwork}, and blocks of our own over SameDiff ({@link Block}), which is what the book
 * builds when it writes {@code MLP}, {@code MySequential}, {@code FixedHiddenMLP}, {@code NestMLP}
 * and the chimera.
 *
 * <p>{@code FixedHiddenMLP} loops until its output is small: control flow that depends on the
 * data. PyTorch runs it eagerly, line by line; a SameDiff graph or a DL4J configuration is built
 * before any data is seen, so here it runs eagerly in Java too, on ND4J arrays, reusing the same
 * {@code Linear} (or the same DL4J layer) for both of its uses.
 *
 * <p>D2L 5.1, Layers and Blocks.
 */
@BookSection(
        id = "5.1",
        title = "Layers and Blocks",
        page = "https://zh.d2l.ai/chapter_deep-learning-computation/model-construction.html")
public final class ModelConstruction {
    private static final Logger LOG = LoggerFactory.getLogger(ModelConstruction.class);

    public record Config(long seed) {
        public static Config from(RunOptions o) {
            return new Config(o.seed(42)); // fixes X = rand(2, 20) and every initialisation
        }
    }

    /**
     * @param sequential the 20-256-10 MLP's output on X, shape (2, 10), scratch
     * @param dl4j the same MLP in DL4J on the same weights
     * @param fixedHidden FixedHiddenMLP's scalar, scratch and DL4J
     * @param chimera the chimera's scalar, scratch and DL4J
     */
    public record Result(INDArray sequential, INDArray dl4j, double[] fixedHidden, double[] chimera)
            implements SectionResult {
        @Override
        public Summary summary() {
            return Summary.of()
                    .add("mlp_shape", Arrays.toString(sequential.shape()).replace(" ", ""))
                    .add("fixed_hidden", fixedHidden[0])
                    .add("chimera", chimera[0]);
        }
    }

    public static Result run(Config c) {
        Nd4j.getRandom().setSeed(c.seed());
        INDArray X = Nd4j.rand(DataType.FLOAT, 2, 20);

        // 5.1: nn.Sequential(nn.Linear(20, 256), nn.ReLU(), nn.Linear(256, 10))
        Sequential net = new Sequential(new Linear(20, 256), new Relu(), new Linear(256, 10));
        INDArray Y = net.apply(X);
        MultiLayerNetwork dl4j = dl4jMlp(c.seed());
        copy((Linear) net.child("0"), dl4j, 0);
        copy((Linear) net.child("2"), dl4j, 1);
        INDArray Y4j = dl4j.output(X);
        LOG.info("net(X): shape {}\n{}", Arrays.toString(Y.shape()), Y);
        LOG.info(
                "MLP()(X): shape {}; MySequential(...)(X): shape {}",
                Arrays.toString(new Mlp().apply(X).shape()),
                Arrays.toString(new MySequential(new Linear(20, 256), new Relu(), new Linear(256, 10))
                        .apply(X)
                        .shape()));

        // 5.1.3: FixedHiddenMLP, scratch and with a DL4J layer on the same weights
        FixedHiddenMlp fixed = new FixedHiddenMlp();
        double[] fixedHidden = {fixed.run(X), fixed.runDl4j(X, c.seed())};
        LOG.info("FixedHiddenMLP(X) = {} (scratch), {} (DL4J)", fixedHidden[0], fixedHidden[1]);

        // the chimera: NestMLP, a Linear(16, 20), and FixedHiddenMLP
        NestMlp nest = new NestMlp();
        Linear middle = new Linear(16, 20);
        double scratch = fixed.run(middle.apply(nest.apply(X)));
        MultiLayerNetwork nest4j = nest.dl4j(middle, c.seed());
        double viaDl4j = fixed.runDl4j(nest4j.output(X), c.seed());
        LOG.info("chimera(X) = {} (scratch), {} (DL4J)", scratch, viaDl4j);
        return new Result(Y, Y4j, fixedHidden, new double[] {scratch, viaDl4j});
    }

    /** The 20-256-10 MLP in DL4J: the activation belongs to the layer, and nIn is given. */
    public static MultiLayerNetwork dl4jMlp(long seed) {
        return denseNet(seed, dense(20, 256, Activation.RELU), dense(256, 10, Activation.IDENTITY));
    }

    /** A DL4J network of dense layers, initialised. */
    static MultiLayerNetwork denseNet(long seed, DenseLayer... layers) {
        var list = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(DataType.FLOAT)
                .list();
        for (DenseLayer layer : layers) {
            list.layer(layer);
        }
        MultiLayerNetwork net = new MultiLayerNetwork(list.build());
        net.init();
        return net;
    }

    static DenseLayer dense(int in, int out, Activation activation) {
        return new DenseLayer.Builder().nIn(in).nOut(out).activation(activation).build();
    }

    /** Puts a scratch Linear's weights into DL4J layer {@code layer}: DL4J keeps W as (in, out). */
    public static void copy(Linear from, MultiLayerNetwork to, int layer) {
        to.setParam(layer + "_W", from.weight().transpose());
        to.setParam(layer + "_b", from.bias().reshape(1, from.bias().length()));
    }

    /** The book's {@code MLP}: a hidden layer of 256 with ReLU, then 10 outputs. */
    public static final class Mlp extends Block {
        private final Linear hidden = addChild("hidden", new Linear(20, 256));
        private final Linear out = addChild("out", new Linear(256, 10));

        @Override
        public SDVariable forward(SDVariable X) {
            return out.forward(X.getSameDiff().nn.relu(hidden.forward(X), 0));
        }
    }

    /** The book's {@code MySequential}: keeps its blocks in the order given and applies them so. */
    public static final class MySequential extends Block {
        private final List<Block> blocks = new ArrayList<>();

        public MySequential(Block... blocks) {
            for (int i = 0; i < blocks.length; i++) {
                this.blocks.add(addChild(String.valueOf(i), blocks[i]));
            }
        }

        @Override
        public SDVariable forward(SDVariable X) {
            for (Block b : blocks) {
                X = b.forward(X);
            }
            return X;
        }
    }

    /**
     * The book's {@code FixedHiddenMLP}: a constant random weight that is not trained, one {@code
     * Linear} used twice, and a loop that halves the output while its absolute sum exceeds 1.
     */
    public static final class FixedHiddenMlp {
        private final INDArray randWeight = Nd4j.rand(DataType.FLOAT, 20, 20); // a constant, not a parameter
        private final Linear linear = new Linear(20, 20);

        /** Eager, as PyTorch runs it: the loop needs the values. */
        public double run(INDArray X) {
            X = linear.apply(X);
            X = Transforms.relu(X.mmul(randWeight).addi(1), false);
            X = linear.apply(X); // the same layer again: its parameters are shared
            return halveWhileLarge(X);
        }

        /** The same with a DL4J layer holding this block's Linear weights, applied twice. */
        public double runDl4j(INDArray X, long seed) {
            MultiLayerNetwork layer = denseNet(seed, dense(20, 20, Activation.IDENTITY));
            copy(linear, layer, 0);
            X = layer.output(X);
            X = Transforms.relu(X.mmul(randWeight).addi(1), false);
            X = layer.output(X);
            return halveWhileLarge(X);
        }

        private static double halveWhileLarge(INDArray X) {
            while (X.norm1Number().doubleValue() > 1) {
                X = X.div(2);
            }
            return X.sumNumber().doubleValue();
        }
    }

    /** The book's {@code NestMLP}: a Sequential 20-64-32 with ReLUs inside, then Linear(32, 16). */
    public static final class NestMlp extends Block {
        private final Sequential net =
                addChild("net", new Sequential(new Linear(20, 64), new Relu(), new Linear(64, 32), new Relu()));
        private final Linear linear = addChild("linear", new Linear(32, 16));

        @Override
        public SDVariable forward(SDVariable X) {
            return linear.forward(net.forward(X));
        }

        /** This block and {@code next} as one DL4J network on the same weights: 20-64-32-16-20. */
        public MultiLayerNetwork dl4j(Linear next, long seed) {
            MultiLayerNetwork n = denseNet(
                    seed,
                    dense(20, 64, Activation.RELU),
                    dense(64, 32, Activation.RELU),
                    dense(32, 16, Activation.IDENTITY),
                    dense(16, 20, Activation.IDENTITY));
            copy((Linear) net.child("0"), n, 0);
            copy((Linear) net.child("2"), n, 1);
            copy(linear, n, 2);
            copy(next, n, 3);
            return n;
        }
    }
}
