package io.github.d2l4j.ch02;

import io.github.d2l4j.common.section.BookSection;
import io.github.d2l4j.common.section.RunOptions;
import io.github.d2l4j.common.section.SectionResult;
import io.github.d2l4j.common.section.Summary;
import io.github.d2l4j.common.train.Scratch;
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
 * Automatic differentiation with SameDiff, ND4J's answer to {@code torch.autograd}.
 *
 * <p><b>Define-then-run versus define-by-run.</b> PyTorch records operations as they execute and
 * replays the record backwards on {@code backward()}. SameDiff first builds a graph of {@code
 * SDVariable}s, and computes values and gradients when asked ({@code eval()}, {@code output()},
 * {@code calculateGradients()}). In this class every Java statement that combines {@code
 * SDVariable}s adds a node; nothing is computed until asked.
 *
 * <p><b>Control flow.</b> Java's own {@code while} and {@code if} still work: in {@link
 * #controlFlow} the loop evaluates the graph so far ({@code b.norm2().eval()}) to decide whether
 * to add another doubling. The graph that results is the straight line of operations that this
 * input took, exactly what PyTorch's tape records, so its gradient is the same.
 *
 * <p><b>Gradients do not accumulate.</b> PyTorch adds each {@code backward()} into {@code
 * x.grad} until {@code x.grad.zero_()}; SameDiff's {@code calculateGradients} returns fresh
 * arrays every call, so there is nothing to reset. {@code detach()} is SameDiff's {@code
 * StopGradient} op ({@link Scratch#detach}).
 *
 * <p>D2L 2.5, Automatic Differentiation.
 */
@BookSection(
        id = "2.5",
        title = "Automatic Differentiation",
        page = "https://zh.d2l.ai/chapter_preliminaries/autograd.html")
public final class Autograd {
    private static final Logger LOG = LoggerFactory.getLogger(Autograd.class);

    public record Config(long seed) {
        public static Config from(RunOptions o) {
            return new Config(o.seed(42));
        }
    }

    /**
     * @param x the input, arange(4)
     * @param gradTwoDot grad of y = 2 x.x: 4x
     * @param gradSum grad of sum(x): ones
     * @param accumulated what PyTorch would hold without zero_(): 4x + 1
     * @param gradSquare grad of sum(x * x): 2x
     * @param u x * x, held constant
     * @param gradDetached grad of sum(u * x): u
     * @param a the random input of the control-flow function
     * @param d f(a)
     * @param gradControl grad of f at a, equal to d / a
     */
    public record Result(
            double[] x,
            double[] gradTwoDot,
            double[] gradSum,
            double[] accumulated,
            double[] gradSquare,
            double[] u,
            double[] gradDetached,
            double a,
            double d,
            double gradControl)
            implements SectionResult {
        @Override
        public Summary summary() {
            return Summary.of()
                    .add("grad_2xTx", java.util.Arrays.toString(gradTwoDot).replace(" ", ""))
                    .add("control_flow_grad_equals_d_over_a", Math.abs(gradControl - d / a) < 1e-9);
        }
    }

    public static Result run(Config c) {
        INDArray x = Nd4j.arange(4).castTo(DataType.DOUBLE);
        LOG.info("x = {}", x);

        // 2.5.1: y = 2 x^T x, whose gradient is 4x
        INDArray g = grad(Autograd::twoDot, x);
        LOG.info(
                "y = 2 * dot(x, x) = {}; x.grad = {}; x.grad == 4 * x: {}",
                value(Autograd::twoDot, x),
                g,
                g.equals(x.mul(4)));

        // y = x.sum(): a fresh gradient, no zero_() needed
        INDArray gSum = grad(SDVariable::sum, x);
        INDArray accumulated = g.add(gSum);
        LOG.info("y = x.sum(): x.grad = {} (PyTorch without x.grad.zero_() would hold {})", gSum, accumulated);

        // 2.5.2: a non-scalar y, backpropagated through y.sum()
        INDArray gSquare = grad(Autograd::square, x);
        LOG.info("y = x * x; y.sum().backward(): x.grad = {}", gSquare);

        // 2.5.3: detach
        INDArray u = x.mul(x);
        INDArray gDetached = grad(Autograd::detachedProduct, x);
        LOG.info("u = (x * x).detach(); z = u * x: x.grad = {}; x.grad == u: {}", gDetached, gDetached.equals(u));
        LOG.info("and through y itself: grad of (x * x).sum() = {} = 2 * x", gSquare);

        // 2.5.4: Java control flow
        Nd4j.getRandom().setSeed(c.seed());
        INDArray a = Nd4j.randn(DataType.DOUBLE, 1);
        double d = value(Autograd::controlFlow, a);
        double gradA = grad(Autograd::controlFlow, a).getDouble(0);
        LOG.info(
                "a = {}, d = f(a) = {}, a.grad = {}, a.grad == d / a: {}",
                a.getDouble(0),
                d,
                gradA,
                Math.abs(gradA - d / a.getDouble(0)) < 1e-9);

        return new Result(
                x.toDoubleVector(),
                g.toDoubleVector(),
                gSum.toDoubleVector(),
                accumulated.toDoubleVector(),
                gSquare.toDoubleVector(),
                u.toDoubleVector(),
                gDetached.toDoubleVector(),
                a.getDouble(0),
                d,
                gradA);
    }

    /** y = 2 x^T x. */
    public static SDVariable twoDot(SDVariable x) {
        return x.dot(x).mul(2);
    }

    /** y = x * x, elementwise. */
    public static SDVariable square(SDVariable x) {
        return x.mul(x);
    }

    /** z = u * x with u = (x * x).detach(). */
    public static SDVariable detachedProduct(SDVariable x) {
        SDVariable u = Scratch.detach(x.mul(x));
        return u.mul(x);
    }

    /**
     * The book's {@code f(a)}: double b until its norm reaches 1000, then keep it if its sum is
     * positive, else multiply by 100. Java's loop and branch decide which operations join the
     * graph.
     */
    public static SDVariable controlFlow(SDVariable a) {
        SDVariable b = a.mul(2);
        while (b.norm2().eval().getDouble(0) < 1000) {
            b = b.mul(2);
        }
        return b.sum().eval().getDouble(0) > 0 ? b : b.mul(100);
    }

    /**
     * The gradient of {@code sum(f(x))} at x0, as {@code f(x).sum().backward()} leaves it in
     * {@code x.grad}.
     */
    public static INDArray grad(UnaryOperator<SDVariable> f, INDArray x0) {
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.var("x", x0.dup());
        SDVariable y = f.apply(x).sum("y");
        sd.setLossVariables(y);
        return sd.calculateGradients(Map.of(), "x").get("x");
    }

    /** The value of {@code sum(f(x))} at x0. */
    public static double value(UnaryOperator<SDVariable> f, INDArray x0) {
        SameDiff sd = SameDiff.create();
        return f.apply(sd.var("x", x0.dup())).sum().eval().getDouble(0);
    }
}
