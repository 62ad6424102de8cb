package io.github.d2l4j.ch07;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.d2l4j.common.device.OneDnn;
import io.github.d2l4j.common.testing.NdAssert;
import java.util.Arrays;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNBatchNormHelper;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNConvHelper;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNSubsamplingHelper;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Every chapter 7 network runs its convolutions, pools and batch norms on oneDNN (the chapter 6
 * workaround, {@link OneDnn#layerHelpers}, covers DL4J's batch-norm helper too), and computes what
 * DL4J's built-in path computes on the same parameters: outputs, score and every gradient, in
 * training mode (batch statistics, dropout with the same seed).
 */
class OneDnnHelpersTest {

    private static Model build(String net) {
        return switch (net) {
            case "7.1" -> AlexNet.net(65, 0.01, 1);
            case "7.2" -> Vgg.net(Vgg.smallConvArch(), 32, 0.05, 1);
            case "7.3" -> Nin.net(67, 0.1, 1);
            case "7.4" -> GoogLeNet.net(32, 0.1, 1);
            case "7.5" -> BatchNorm.net(1.0, 1);
            case "7.6" -> ResNet.net(32, 0.05, 1);
            case "7.7" -> DenseNet.net(32, 0.1, 1);
            default -> throw new IllegalArgumentException(net);
        };
    }

    private static Layer[] layers(Model m) {
        return m instanceof MultiLayerNetwork n ? n.getLayers() : ((ComputationGraph) m).getLayers();
    }

    private static Model withHelpers(Model m) {
        return m instanceof MultiLayerNetwork n ? OneDnn.layerHelpers(n) : OneDnn.layerHelpers((ComputationGraph) m);
    }

    /** A helper-free network on the same parameters. */
    private static Model plainCopy(Model m) {
        if (m instanceof MultiLayerNetwork n) {
            MultiLayerNetwork plain =
                    new MultiLayerNetwork(n.getLayerWiseConfigurations().clone());
            plain.init(n.params().dup(), true);
            return plain;
        }
        ComputationGraph g = (ComputationGraph) m;
        ComputationGraph plain = new ComputationGraph(g.getConfiguration().clone());
        plain.init(g.params().dup(), true);
        return plain;
    }

    private static INDArray output(Model m, INDArray X) {
        return m instanceof MultiLayerNetwork n ? n.output(X) : ((ComputationGraph) m).outputSingle(X);
    }

    private static void gradientAndScore(Model m, INDArray X, INDArray y) {
        Nd4j.getRandom().setSeed(7); // the same dropout masks on both paths
        if (m instanceof MultiLayerNetwork n) {
            n.setInput(X);
            n.setLabels(y);
            n.computeGradientAndScore();
        } else {
            ComputationGraph g = (ComputationGraph) m;
            g.setInputs(X);
            g.setLabels(y);
            g.computeGradientAndScore();
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"7.1, 65", "7.2, 32", "7.3, 67", "7.4, 32", "7.5, 28", "7.6, 32", "7.7, 32"})
    void oneDnnComputesWhatTheBuiltInPathComputes(String net, int side) {
        Model fast = withHelpers(build(net));
        Model plain = plainCopy(fast);
        long convs = Arrays.stream(layers(fast))
                .filter(l -> l.getHelper() instanceof MKLDNNConvHelper)
                .count();
        assertThat(convs).as("convolutions on oneDNN").isPositive();
        assertThat(Arrays.stream(layers(fast)).filter(l -> l.getHelper() instanceof MKLDNNSubsamplingHelper))
                .as("pools on oneDNN")
                .isNotEmpty();
        if (Arrays.asList("7.5", "7.6", "7.7").contains(net)) {
            assertThat(Arrays.stream(layers(fast)).filter(l -> l.getHelper() instanceof MKLDNNBatchNormHelper))
                    .as("batch norms on oneDNN")
                    .isNotEmpty();
        }
        assertThat(Arrays.stream(layers(plain)).allMatch(l -> l.getHelper() == null))
                .isTrue();

        Nd4j.getRandom().setSeed(3);
        INDArray X = Nd4j.rand(DataType.FLOAT, 8, 1, side, side);
        INDArray y = Nd4j.zeros(DataType.FLOAT, 8, 10);
        for (int i = 0; i < 8; i++) {
            y.putScalar(i, (i * 3) % 10, 1);
        }
        NdAssert.assertClose("output", output(fast, X), output(plain, X), 1e-4);
        gradientAndScore(fast, X, y);
        gradientAndScore(plain, X, y);
        assertThat(fast.score()).isCloseTo(plain.score(), within(1e-4));
        INDArray g1 = fast.gradient().gradient();
        INDArray g2 = plain.gradient().gradient();
        double scale = Math.max(1e-3, g2.amaxNumber().doubleValue());
        assertThat(g1.sub(g2).amaxNumber().doubleValue() / scale)
                .as("largest gradient difference, relative to the largest gradient")
                .isLessThan(1e-3);
    }
}
