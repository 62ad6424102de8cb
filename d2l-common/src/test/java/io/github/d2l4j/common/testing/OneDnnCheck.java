package io.github.d2l4j.common.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The check CONTRIBUTING asks of every network built with oneDNN's layer helpers: on the same weights and batch,
 * the output, the score and every gradient equal those of the built-in path (M2.1's helpers are not all right).
 */
public final class OneDnnCheck {
    private OneDnnCheck() {}

    /**
     * @param fast the network with the helpers
     * @param plain the same configuration and parameters without them
     */
    public static void assertSameAsBuiltIn(MultiLayerNetwork fast, MultiLayerNetwork plain, INDArray x, INDArray y) {
        NdAssert.assertClose("output", fast.output(x), plain.output(x), 1e-4);
        for (MultiLayerNetwork net : new MultiLayerNetwork[] {fast, plain}) {
            net.setInput(x);
            net.setLabels(y);
            net.computeGradientAndScore();
        }
        assertThat(fast.score()).isCloseTo(plain.score(), within(1e-4));
        plain.gradient()
                .gradientForVariable()
                .forEach((name, g) ->
                        NdAssert.assertClose("gradient " + name, fast.gradient().getGradientFor(name), g, 1e-4));
    }
}
