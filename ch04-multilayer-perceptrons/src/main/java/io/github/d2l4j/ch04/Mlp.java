package io.github.d2l4j.ch04;

import io.github.d2l4j.common.plot.Axes;
import io.github.d2l4j.common.plot.Plot;
import io.github.d2l4j.common.section.BookSection;
import io.github.d2l4j.common.section.RunOptions;
import io.github.d2l4j.common.section.SectionResult;
import io.github.d2l4j.common.section.Summary;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The activation functions that make a multilayer perceptron more than a linear model, and their
 * derivatives from SameDiff: \( \mathrm{ReLU}(x) = \max(x, 0) \) (derivative 0 or 1, taken as 0
 * at 0), \( \mathrm{sigmoid}(x) = 1 / (1 + e^{-x}) \) (derivative at most 0.25, at 0) and \(
 * \tanh(x) \) (derivative at most 1, at 0).
 *
 * <p>D2L 4.1, Multilayer Perceptrons.
 */
@BookSection(
        id = "4.1",
        title = "Multilayer Perceptrons",
        page = "https://zh.d2l.ai/chapter_multilayer-perceptrons/mlp.html")
public final class Mlp {
    private static final Logger LOG = LoggerFactory.getLogger(Mlp.class);

    /** The three activations, by name, as SameDiff functions. */
    public static final Map<String, UnaryOperator<SDVariable>> ACTIVATIONS = Map.of(
            "relu", x -> x.getSameDiff().nn.relu(x, 0),
            "sigmoid", x -> x.getSameDiff().nn.sigmoid(x),
            "tanh", x -> x.getSameDiff().math.tanh(x));

    public record Config(Path out) {
        public static Config from(RunOptions o) {
            return new Config(o.out());
        }
    }

    /**
     * @param gradAtZero each activation's derivative at 0
     * @param plots one PNG per activation, the function and its derivative
     */
    public record Result(Map<String, Double> gradAtZero, List<Path> plots) implements SectionResult {
        @Override
        public Summary summary() {
            return Summary.of()
                    .add("relu_grad_0", gradAtZero.get("relu"))
                    .add("sigmoid_grad_0", gradAtZero.get("sigmoid"))
                    .add("tanh_grad_0", gradAtZero.get("tanh"));
        }
    }

    public static Result run(Config c) {
        INDArray x = arange(-8, 8, 0.1); // includes 0
        List<Path> plots = new ArrayList<>();
        Map<String, Double> atZero = new java.util.TreeMap<>();
        for (String name : List.of("relu", "sigmoid", "tanh")) {
            UnaryOperator<SDVariable> f = ACTIVATIONS.get(name);
            INDArray y = value(f, x);
            INDArray grad = grad(f, x);
            Path png = Plot.plot(
                    x.toDoubleVector(),
                    List.of(y.toDoubleVector(), grad.toDoubleVector()),
                    Axes.of()
                            .withLabels("x", name + "(x)")
                            .withLegend(name + "(x)", "grad of " + name)
                            .withFigsize(5, 2.5),
                    c.out().resolve("4.1-" + name + ".png"));
            plots.add(png);
            atZero.put(name, grad(f, Nd4j.zeros(DataType.DOUBLE, 1)).getDouble(0));
            LOG.info("{}: derivative at 0 = {}; plot: {}", name, atZero.get(name), png.toAbsolutePath());
        }
        return new Result(atZero, plots);
    }

    /** f(x), elementwise. */
    public static INDArray value(UnaryOperator<SDVariable> f, INDArray x) {
        SameDiff sd = SameDiff.create();
        return f.apply(sd.var("x", x.dup())).eval();
    }

    /** The derivative of f at each x: the gradient of sum(f(x)), as {@code y.backward(ones)}. */
    public static INDArray grad(UnaryOperator<SDVariable> f, INDArray x) {
        SameDiff sd = SameDiff.create();
        SDVariable v = sd.var("x", x.dup());
        SDVariable y = f.apply(v).sum("y");
        sd.setLossVariables(y);
        return sd.calculateGradients(Map.of(), "x").get("x");
    }

    /** arange(start, stop, step) in double precision, computed as start + i * step. */
    public static INDArray arange(double start, double stop, double step) {
        int n = (int) Math.ceil((stop - start) / step - 1e-9);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = Math.round((start + i * step) * 1e9) / 1e9; // so that 0 is exactly 0
        }
        return Nd4j.createFromArray(v);
    }
}
