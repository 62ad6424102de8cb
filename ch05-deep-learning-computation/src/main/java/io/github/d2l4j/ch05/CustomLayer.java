package io.github.d2l4j.ch05;

import io.github.d2l4j.common.block.Block;
import io.github.d2l4j.common.block.Linear;
import io.github.d2l4j.common.block.Sequential;
import io.github.d2l4j.common.section.BookSection;
import io.github.d2l4j.common.section.RunOptions;
import io.github.d2l4j.common.section.SectionResult;
import io.github.d2l4j.common.section.Summary;
import java.util.Map;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.samediff.SDLayerParams;
import org.deeplearning4j.nn.conf.layers.samediff.SameDiffLambdaLayer;
import org.deeplearning4j.nn.conf.layers.samediff.SameDiffLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Layers of one's own, both ways: a block of ours over SameDiff, and a DL4J custom layer whose
 * computation is a SameDiff graph too ({@code SameDiffLambdaLayer} when it has no parameters,
 * {@code SameDiffLayer} when it has some), so DL4J differentiates it and trains it like any other
 * layer. {@code CenteredLayer} subtracts the mean; {@code MyLinear} is a dense layer with randn
 * parameters and ReLU.
 *
 * <p><b>A DL4J M2.1 bug.</b> Checked against finite differences (and by DL4J's own {@code
 * GradientCheckUtil}, which fails it), M2.1 gives a {@code SameDiffLayer}'s parameters exactly
 * twice their gradient inside a {@code MultiLayerNetwork}, with or without the ReLU, while its
 * built-in layers are right. A custom layer trained with DL4J's updaters therefore steps at twice
 * the learning rate; halve it for such a layer. {@code CustomLayerTest} pins the factor down. Our
 * SameDiff block's gradient is exact.
 *
 * <p>D2L 5.4, Custom Layers.
 */
@BookSection(
        id = "5.4",
        title = "Custom Layers",
        page = "https://zh.d2l.ai/chapter_deep-learning-computation/custom-layer.html")
public final class CustomLayer {
    private static final Logger LOG = LoggerFactory.getLogger(CustomLayer.class);

    public record Config(long seed) {
        public static Config from(RunOptions o) {
            return new Config(o.seed(42)); // fixes the random inputs and parameters
        }
    }

    /**
     * @param centered CenteredLayer on [1, 2, 3, 4, 5]
     * @param meanAfterLinear the mean of Linear(8, 128) then CenteredLayer on rand(4, 8)
     * @param myLinear MyLinear(5, 3) on rand(2, 5)
     * @param stacked MyLinear(64, 8) then MyLinear(8, 1) on rand(2, 64)
     */
    public record Result(double[] centered, double meanAfterLinear, INDArray myLinear, INDArray stacked)
            implements SectionResult {
        @Override
        public Summary summary() {
            return Summary.of()
                    .add("centered", java.util.Arrays.toString(centered).replace(" ", ""))
                    .add("mean_after_linear", meanAfterLinear);
        }
    }

    public static Result run(Config c) {
        Nd4j.getRandom().setSeed(c.seed());
        // 5.4.1: a layer without parameters
        double[] centered =
                new Centered().apply(Nd4j.createFromArray(1f, 2f, 3f, 4f, 5f)).toDoubleVector();
        LOG.info("CenteredLayer()([1, 2, 3, 4, 5]) = {}", java.util.Arrays.toString(centered));
        Sequential net = new Sequential(new Linear(8, 128), new Centered());
        double mean = net.apply(Nd4j.rand(DataType.FLOAT, 4, 8)).meanNumber().doubleValue();
        LOG.info("Y.mean() = {}", mean);
        MultiLayerNetwork dl4j = centeredNet(c.seed());
        LOG.info(
                "the same in DL4J: Y.mean() = {}",
                dl4j.output(Nd4j.rand(DataType.FLOAT, 4, 8)).meanNumber());

        // 5.4.2: a layer with parameters
        MyLinear linear = new MyLinear(5, 3);
        LOG.info("linear.weight = {}", linear.parameter("weight"));
        INDArray y = linear.apply(Nd4j.rand(DataType.FLOAT, 2, 5));
        LOG.info("linear(rand(2, 5)) = {}", y);
        Sequential stacked = new Sequential(new MyLinear(64, 8), new MyLinear(8, 1));
        INDArray z = stacked.apply(Nd4j.rand(DataType.FLOAT, 2, 64));
        LOG.info("net(rand(2, 64)) = {}", z);
        return new Result(centered, mean, y, z);
    }

    /** The book's {@code CenteredLayer}: {@code X - X.mean()}, no parameters. */
    public static final class Centered extends Block {
        @Override
        public SDVariable forward(SDVariable X) {
            return X.sub(X.mean());
        }
    }

    /** The book's {@code MyLinear}: weight (in, units) and bias (units) from randn, then ReLU. */
    public static final class MyLinear extends Block {
        public MyLinear(int inUnits, int units) {
            addParameter("weight", Nd4j.randn(DataType.FLOAT, inUnits, units));
            addParameter("bias", Nd4j.randn(DataType.FLOAT, units));
        }

        @Override
        public SDVariable forward(SDVariable X) {
            return X.getSameDiff().nn.relu(X.mmul(param(X, "weight")).add(param(X, "bias")), 0);
        }
    }

    /** CenteredLayer as a DL4J layer: a SameDiff lambda, shape in = shape out. */
    public static final class CenteredLayer extends SameDiffLambdaLayer {
        private static final long serialVersionUID = 1L;

        @Override
        public SDVariable defineLayer(SameDiff sd, SDVariable layerInput) {
            return layerInput.sub(layerInput.mean());
        }

        @Override
        public InputType getOutputType(int layerIndex, InputType inputType) {
            return inputType;
        }
    }

    /**
     * MyLinear as a DL4J layer with parameters "W" (in, units) and "b" (1, units), randn-initialised
     * as the book's. DL4J serialises layer configurations, hence the fields and the no-argument
     * constructor.
     */
    public static final class MyLinearLayer extends SameDiffLayer {
        private static final long serialVersionUID = 1L;

        private int inUnits;
        private int units;

        public MyLinearLayer(int inUnits, int units) {
            this.inUnits = inUnits;
            this.units = units;
        }

        private MyLinearLayer() {}

        @Override
        public SDVariable defineLayer(SameDiff sd, SDVariable input, Map<String, SDVariable> params, SDVariable mask) {
            return sd.nn.relu(input.mmul(params.get("W")).add(params.get("b")), 0);
        }

        @Override
        public void defineParameters(SDLayerParams params) {
            params.addWeightParam("W", inUnits, units);
            params.addBiasParam("b", 1, units);
        }

        @Override
        public void initializeParameters(Map<String, INDArray> params) {
            params.get("W").assign(Nd4j.randn(params.get("W").dataType(), inUnits, units));
            params.get("b").assign(Nd4j.randn(params.get("b").dataType(), 1, units));
        }

        @Override
        public InputType getOutputType(int layerIndex, InputType inputType) {
            return InputType.feedForward(units);
        }
    }

    /** {@code nn.Sequential(nn.Linear(8, 128), CenteredLayer())} in DL4J. */
    public static MultiLayerNetwork centeredNet(long seed) {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(DataType.FLOAT)
                .list()
                .layer(new DenseLayer.Builder()
                        .nIn(8)
                        .nOut(128)
                        .activation(Activation.IDENTITY)
                        .build())
                .layer(new CenteredLayer())
                .build());
        net.init();
        return net;
    }

    /** {@code nn.Sequential(MyLinear(64, 8), MyLinear(8, 1))} in DL4J, in {@code dataType}. */
    public static MultiLayerNetwork myLinearNet(long seed, DataType dataType) {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(dataType)
                .list()
                .layer(new MyLinearLayer(64, 8))
                .layer(new MyLinearLayer(8, 1))
                .setInputType(InputType.feedForward(64))
                .build());
        net.init();
        return net;
    }
}
