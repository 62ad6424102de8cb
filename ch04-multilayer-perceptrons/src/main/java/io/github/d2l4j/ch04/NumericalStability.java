package io.github.d2l4j.ch04;

import io.github.d2l4j.common.plot.Axes;
import io.github.d2l4j.common.plot.Plot;
import io.github.d2l4j.common.section.BookSection;
import io.github.d2l4j.common.section.RunOptions;
import io.github.d2l4j.common.section.SectionResult;
import io.github.d2l4j.common.section.Summary;
import java.nio.file.Path;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Why initialisation matters. Gradients are products of many Jacobians: the sigmoid's derivative
 * is at most 0.25 and nearly 0 away from the origin, so its gradients vanish; a product of 100
 * random matrices explodes. Xavier initialisation, \( \mathrm{Var}(w) = 2 / (n_\mathrm{in} +
 * n_\mathrm{out}) \), keeps the variance of activations about constant from layer to layer.
 *
 * <p>D2L 4.8, Numerical Stability and Initialization.
 */
@BookSection(
        id = "4.8",
        title = "Numerical Stability and Initialization",
        page = "https://zh.d2l.ai/chapter_multilayer-perceptrons/numerical-stability-and-init.html")
public final class NumericalStability {
    private static final Logger LOG = LoggerFactory.getLogger(NumericalStability.class);

    public record Config(int numMatrices, int layers, int width, long seed, Path out) {
        public static Config from(RunOptions o) {
            return new Config(
                    100, // 100 random 4x4 matrices
                    10, // 10 linear layers for the variance experiment
                    256, // 256 units each
                    o.seed(42), // fixes initialisation and shuffling, so that runs repeat
                    o.out());
        }
    }

    /**
     * @param sigmoidGradAt0 0.25; sigmoidGradAt8 about 3e-4
     * @param productMax the largest |entry| of the product of the random matrices
     * @param variances activation variance after each layer, per initialisation: N(0, 1), N(0,
     *     0.01²), Xavier
     */
    public record Result(
            double sigmoidGradAt0, double sigmoidGradAt8, double productMax, double[][] variances, Path plot)
            implements SectionResult {
        @Override
        public Summary summary() {
            return Summary.of()
                    .add("sigmoid_grad_0", sigmoidGradAt0)
                    .add("sigmoid_grad_8", sigmoidGradAt8)
                    .add("product_max", productMax)
                    .add("var_xavier_last", variances[2][variances[2].length - 1])
                    .add("plot", plot);
        }
    }

    public static Result run(Config c) {
        // 4.8.1.1: the vanishing sigmoid gradient
        INDArray x = Mlp.arange(-8, 8, 0.1);
        INDArray y = Mlp.value(Mlp.ACTIVATIONS.get("sigmoid"), x);
        INDArray grad = Mlp.grad(Mlp.ACTIVATIONS.get("sigmoid"), x);
        Path plot = Plot.plot(
                x.toDoubleVector(),
                List.of(y.toDoubleVector(), grad.toDoubleVector()),
                Axes.of().withLegend("sigmoid", "gradient").withFigsize(4.5, 2.5),
                c.out().resolve("4.8-sigmoid.png"));
        double at0 = Mlp.grad(Mlp.ACTIVATIONS.get("sigmoid"), Nd4j.zeros(DataType.DOUBLE, 1))
                .getDouble(0);
        double at8 = Mlp.grad(Mlp.ACTIVATIONS.get("sigmoid"), Nd4j.valueArrayOf(new long[] {1}, 8.0))
                .getDouble(0);
        LOG.info("sigmoid gradient: {} at 0, {} at 8; plot: {}", at0, at8, plot.toAbsolutePath());

        // 4.8.1.2: exploding gradients
        Nd4j.getRandom().setSeed(c.seed());
        INDArray M = Nd4j.randn(DataType.DOUBLE, 4, 4);
        LOG.info("a single matrix\n{}", M);
        for (int i = 0; i < c.numMatrices(); i++) {
            M = M.mmul(Nd4j.randn(DataType.DOUBLE, 4, 4));
        }
        LOG.info("after multiplying {} matrices\n{}", c.numMatrices(), M);
        double productMax = M.amaxNumber().doubleValue();

        // 4.8.2.2: activation variance through linear layers, three initialisations
        double[][] variances = {
            variances(c, 1.0), variances(c, 0.01), variances(c, Math.sqrt(2.0 / (c.width() + c.width())))
        };
        String[] names = {"N(0, 1)", "N(0, 0.01^2)", "Xavier"};
        for (int i = 0; i < 3; i++) {
            LOG.info(
                    "{}: activation variance per layer {}",
                    names[i],
                    java.util.Arrays.toString(java.util.Arrays.stream(variances[i])
                            .mapToObj(v -> String.format("%.3g", v))
                            .toArray()));
        }
        return new Result(at0, at8, productMax, variances, plot);
    }

    /** Passes N(0, 1) inputs through linear layers with weights N(0, sigma²); variance after each. */
    static double[] variances(Config c, double sigma) {
        Nd4j.getRandom().setSeed(c.seed());
        INDArray h = Nd4j.randn(DataType.DOUBLE, 1000, c.width());
        double[] out = new double[c.layers()];
        for (int l = 0; l < c.layers(); l++) {
            h = h.mmul(Nd4j.randn(DataType.DOUBLE, c.width(), c.width()).muli(sigma));
            out[l] = h.varNumber().doubleValue();
        }
        return out;
    }
}
