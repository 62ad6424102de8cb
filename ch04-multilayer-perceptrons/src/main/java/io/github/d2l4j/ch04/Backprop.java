package io.github.d2l4j.ch04;

import io.github.d2l4j.common.section.BookSection;
import io.github.d2l4j.common.section.RunOptions;
import io.github.d2l4j.common.section.SectionResult;
import io.github.d2l4j.common.section.Summary;
import io.github.d2l4j.common.train.Scratch;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Backpropagation by hand, for the book's one-hidden-layer network with an L2 term, and the same
 * gradients from SameDiff. Forward: \( Z = XW_1 \), \( H = \phi(Z) \) with \( \phi = \tanh \), \(
 * O = HW_2 \), \( L = \frac{1}{n}\sum_i l(o_i, y_i) \) (softmax cross-entropy), \( s =
 * \frac{\lambda}{2}(\|W_1\|_F^2 + \|W_2\|_F^2) \), \( J = L + s \). Backward, applying the chain
 * rule from J towards X and reusing each intermediate:
 *
 * <ul>
 *   <li>\( \partial J / \partial O = (\mathrm{softmax}(O) - Y) / n \);
 *   <li>\( \partial J / \partial W_2 = H^\top \, \partial J / \partial O + \lambda W_2 \);
 *   <li>\( \partial J / \partial H = \partial J / \partial O \, W_2^\top \);
 *   <li>\( \partial J / \partial Z = \partial J / \partial H \odot \phi'(Z) \), \( \phi'(Z) = 1 -
 *       \tanh^2(Z) \);
 *   <li>\( \partial J / \partial W_1 = X^\top \, \partial J / \partial Z + \lambda W_1 \).
 * </ul>
 *
 * (The book writes column vectors, \( W x \); with examples as rows the products transpose.)
 *
 * <p>D2L 4.7, Forward Propagation, Backward Propagation, and Computational Graphs.
 */
@BookSection(
        id = "4.7",
        title = "Forward Propagation, Backward Propagation, and Computational Graphs",
        page = "https://zh.d2l.ai/chapter_multilayer-perceptrons/backprop.html")
public final class Backprop {
    private static final Logger LOG = LoggerFactory.getLogger(Backprop.class);

    public record Config(int n, int d, int h, int q, double lambda, long seed) {
        public static Config from(RunOptions o) {
            return new Config(
                    8, // examples in the batch
                    5, // inputs
                    4, // hidden units
                    3, // classes
                    0.1, // the L2 coefficient
                    o.seed(42));
        }
    }

    /** @param maxDifference per parameter, max |hand-derived - SameDiff| */
    public record Result(Map<String, Double> maxDifference, double objective) implements SectionResult {
        @Override
        public Summary summary() {
            Summary s = Summary.of().add("J", objective);
            maxDifference.forEach((k, v) -> s.add("max_diff_" + k, v));
            return s;
        }
    }

    /** The network's inputs and parameters. */
    public record Params(INDArray X, INDArray Y, INDArray W1, INDArray W2, double lambda) {}

    public static Result run(Config c) {
        Params p = random(c);
        Map<String, INDArray> byHand = byHand(p);
        Map<String, INDArray> autodiff = sameDiff(p);
        Map<String, Double> diff = new LinkedHashMap<>();
        for (String name : byHand.keySet()) {
            diff.put(name, byHand.get(name).sub(autodiff.get(name)).amaxNumber().doubleValue());
            LOG.info("dJ/d{} by hand =\n{}\nmax |by hand - SameDiff| = {}", name, byHand.get(name), diff.get(name));
        }
        return new Result(diff, objective(p));
    }

    public static Params random(Config c) {
        Nd4j.getRandom().setSeed(c.seed());
        INDArray Y = Nd4j.zeros(DataType.DOUBLE, c.n(), c.q());
        for (int i = 0; i < c.n(); i++) {
            Y.putScalar(i, i % c.q(), 1.0);
        }
        return new Params(
                Nd4j.randn(DataType.DOUBLE, c.n(), c.d()),
                Y,
                Nd4j.randn(DataType.DOUBLE, c.d(), c.h()),
                Nd4j.randn(DataType.DOUBLE, c.h(), c.q()),
                c.lambda());
    }

    /** The gradients of J with respect to W1 and W2, from the formulas above. */
    public static Map<String, INDArray> byHand(Params p) {
        long n = p.X().size(0);
        INDArray Z = p.X().mmul(p.W1());
        INDArray H = Transforms.tanh(Z, true);
        INDArray O = H.mmul(p.W2());
        INDArray dO = softmax(O).sub(p.Y()).divi(n);
        INDArray dW2 = H.transpose().mmul(dO).addi(p.W2().mul(p.lambda()));
        INDArray dH = dO.mmul(p.W2().transpose());
        INDArray dZ = dH.mul(H.mul(H).rsubi(1)); // phi'(Z) = 1 - tanh^2(Z)
        INDArray dW1 = p.X().transpose().mmul(dZ).addi(p.W1().mul(p.lambda()));
        Map<String, INDArray> grads = new LinkedHashMap<>();
        grads.put("W1", dW1);
        grads.put("W2", dW2);
        return grads;
    }

    /** The same gradients from SameDiff's reverse mode. */
    public static Map<String, INDArray> sameDiff(Params p) {
        SameDiff sd = graph(p);
        return sd.calculateGradients(Map.of(), "W1", "W2");
    }

    /** J itself, evaluated by SameDiff. */
    public static double objective(Params p) {
        return graph(p).getVariable("J").eval().getDouble(0);
    }

    private static SameDiff graph(Params p) {
        SameDiff sd = SameDiff.create();
        SDVariable X = sd.constant("X", p.X());
        SDVariable Y = sd.constant("Y", p.Y());
        SDVariable W1 = sd.var("W1", p.W1().dup());
        SDVariable W2 = sd.var("W2", p.W2().dup());
        SDVariable O = sd.math.tanh(X.mmul(W1)).mmul(W2);
        SDVariable L = Scratch.softmaxCrossEntropy(O, Y).mean();
        SDVariable s = W1.pow(2).sum().add(W2.pow(2).sum()).mul(p.lambda() / 2);
        SDVariable J = L.add("J", s);
        sd.setLossVariables(J);
        return sd;
    }

    private static INDArray softmax(INDArray O) {
        INDArray e = Transforms.exp(O.subColumnVector(O.max(true, 1)), false);
        return e.divColumnVector(e.sum(true, 1));
    }
}
