package io.github.d2l4j.ch08;

import io.github.d2l4j.common.plot.Axes;
import io.github.d2l4j.common.plot.Plot;
import io.github.d2l4j.common.section.BookSection;
import io.github.d2l4j.common.section.RunOptions;
import io.github.d2l4j.common.section.SectionResult;
import io.github.d2l4j.common.section.Summary;
import io.github.d2l4j.common.train.Scratch;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.eigen.Eigen;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Backpropagation through time: the gradient of a recurrent network's loss with respect to its
 * parameters is a sum over time steps, and the term that reaches back from step t to step k
 * carries the product of t - k Jacobians \( \partial h_j / \partial h_{j-1} \). For \( h_t =
 * \phi(h_{t-1} W_{hh} + x_t W_{xh} + b_h) \) each is \( \mathrm{diag}(\phi'(\cdot)) W_{hh}^\top
 * \), so the product shrinks or grows like \( \rho(W_{hh})^{t-k} \): vanishing gradients for a
 * spectral radius below 1, exploding ones above it.
 *
 * <p>The book's page has no code; this section makes its two points with SameDiff's gradients on
 * a small random RNN (16 hidden units, 50 steps, one input, one output), in double precision:
 *
 * <ol>
 *   <li>the norm of \( \partial (v^\top h_t) / \partial h_0 \) against t, for \( W_{hh} \) scaled
 *       to spectral radius 0.5, 1 and 1.5 (a symmetric matrix, so that its spectral norm is its
 *       spectral radius and the linear network's norms are powers of it), for a linear network,
 *       which shows the geometric law cleanly, and for tanh, whose saturation (\( \tanh' < 1 \))
 *       tames the explosion; the figure {@code 8.7-gradient-norms.png} has both;
 *   <li>the book's three ways to compute \( \partial L / \partial W_{hh} \) of one sequence's loss
 *       \( L = \frac{1}{T} \sum_t (o_t - y_t)^2 \): in full; truncated, with the state detached
 *       every tau steps as 8.5's training does between minibatches; and randomised truncation
 *       (Tallec and Ollivier), which scales the backward path through step t by \( \xi_t \), 0
 *       with probability 1 - pi and 1/pi with probability pi, so that \( E[\xi_t] = 1 \) and the
 *       estimate is unbiased: the mean of many estimates approaches the full gradient, while the
 *       regular truncation stays off by its dropped terms.
 * </ol>
 *
 * <p>D2L 8.7, Backpropagation Through Time.
 */
@BookSection(
        id = "8.7",
        title = "Backpropagation Through Time",
        page = "https://zh.d2l.ai/chapter_recurrent-neural-networks/bptt.html")
public final class Bptt {
    private static final Logger LOG = LoggerFactory.getLogger(Bptt.class);

    /** The spectral radii of the gradient-norm figure. */
    static final double[] RADII = {0.5, 1.0, 1.5};
    /**
     * The truncation lengths compared with the full gradient. Each divides the next, so that a
     * longer one cuts the sequence at a subset of the shorter one's places and keeps all the terms
     * that it keeps: 10 and 25 would not (T = 50 cut at 10, 20, 30, 40 against 25 alone), and the
     * terms that each drops could then cancel differently.
     */
    static final int[] TAUS = {1, 5, 25};

    /**
     * @param numHiddens hidden units
     * @param numSteps time steps of the sequence
     * @param radius the spectral radius of \( W_{hh} \) for the comparison of the three gradients
     * @param pi the probability that randomised truncation goes on through a step
     * @param samples how many randomised estimates are averaged
     */
    public record Config(int numHiddens, int numSteps, double radius, double pi, int samples, long seed, Path out) {
        public Config {
            if (numHiddens < 1 || numSteps < 2 || samples < 1) {
                throw new IllegalArgumentException("Bptt: numHiddens >= 1, numSteps >= 2 and samples >= 1, got "
                        + numHiddens + ", " + numSteps + " and " + samples);
            }
            if (!(pi > 0 && pi <= 1) || !(radius > 0)) {
                throw new IllegalArgumentException(
                        "Bptt: pi in (0, 1] and radius > 0, got pi " + pi + " and radius " + radius);
            }
        }

        public static Config from(RunOptions o) {
            return new Config(
                    16, // small: SameDiff's per-op overhead grows with the graph, T times the cell
                    50, // long enough for a vanishing or exploding product to show
                    0.9, // below 1, where the randomised estimate's variance, (radius^2/pi)^k, stays bounded
                    0.8, // goes on through a step 4 times in 5: 5 steps back on average, as tau = 5
                    2000, // randomised estimates averaged, in one batched pass
                    o.seed(42), // fixes the network, the sequence and the draws of xi
                    o.out());
        }
    }

    /**
     * @param linearNorms per radius, \( \|\partial (v^\top h_t) / \partial h_0\| \) for t = 1..T,
     *     linear network
     * @param tanhNorms the same for the tanh network
     * @param truncatedRelDiff per {@link #TAUS}, \( \|g_\tau - g\| / \|g\| \) with g the full
     *     gradient of L with respect to \( W_{hh} \)
     * @param randomizedSingleRelDiff the same for one randomised estimate
     * @param randomizedMeanRelDiff the same for the mean of {@code samples} randomised estimates
     */
    public record Result(
            double[][] linearNorms,
            double[][] tanhNorms,
            double[] truncatedRelDiff,
            double randomizedSingleRelDiff,
            double randomizedMeanRelDiff,
            Path plot)
            implements SectionResult {
        @Override
        public Summary summary() {
            return Summary.of()
                    .add("rel_diff_tau5", truncatedRelDiff[1])
                    .add("rel_diff_random_one", randomizedSingleRelDiff)
                    .add("rel_diff_random_mean", randomizedMeanRelDiff)
                    .add("plot", plot);
        }
    }

    /**
     * A small RNN and one sequence: inputs x and targets y, one number per step; \( h_t =
     * \phi(h_{t-1} W_{hh} + x_t W_{xh} + b_h) \) from \( h_0 = 0 \), \( o_t = h_t W_{hq} \).
     * \( \phi \) is tanh, or the identity when {@code tanh} is false.
     */
    public record Model(
            INDArray W_xh, INDArray W_hh, INDArray b_h, INDArray W_hq, INDArray x, INDArray y, boolean tanh) {
        int numSteps() {
            return (int) x.length();
        }

        int numHiddens() {
            return (int) W_hh.size(0);
        }
    }

    public static Result run(Config c) {
        // 8.7.1: how far back does the gradient reach? Norms against t, per radius and activation.
        double[][] linearNorms = new double[RADII.length][];
        double[][] tanhNorms = new double[RADII.length][];
        List<double[]> curves = new ArrayList<>();
        List<String> legend = new ArrayList<>();
        for (boolean tanh : new boolean[] {false, true}) {
            for (int i = 0; i < RADII.length; i++) {
                Model m = model(c.numHiddens(), c.numSteps(), RADII[i], tanh, c.seed());
                double[] norms = gradNorms(m, c.seed());
                (tanh ? tanhNorms : linearNorms)[i] = norms;
                curves.add(norms);
                legend.add((tanh ? "tanh" : "linear") + ", radius " + RADII[i]);
                LOG.info(
                        "{}: |d(v.h_t)/dh_0| at t = 1: {}, at t = {}: {}",
                        legend.get(legend.size() - 1),
                        norms[0],
                        norms.length,
                        norms[norms.length - 1]);
            }
        }
        double[] t = new double[c.numSteps()];
        for (int i = 0; i < t.length; i++) {
            t[i] = i + 1;
        }
        Path plot = Plot.plot(
                t,
                curves,
                Axes.of()
                        .withLabels("t", "gradient norm")
                        .withScales("linear", "log")
                        .withXlim(1, c.numSteps())
                        .withLegend(legend.toArray(String[]::new))
                        .withFigsize(6, 4),
                List.of("b-", "g-", "r-", "b--", "g--", "r--"), // a colour per radius; linear solid, tanh dashed
                c.out().resolve("8.7-gradient-norms.png"));

        Comparison cmp = compare(c);
        return new Result(
                linearNorms,
                tanhNorms,
                cmp.truncatedRelDiff(),
                cmp.randomizedSingleRelDiff(),
                cmp.randomizedMeanRelDiff(),
                plot);
    }

    /** The three gradients' distances from the full one: see {@link Result}. */
    public record Comparison(double[] truncatedRelDiff, double randomizedSingleRelDiff, double randomizedMeanRelDiff) {}

    /** 8.7.1.1-3: full, truncated and randomised truncation of dL/dW_hh for one sequence, tanh network. */
    public static Comparison compare(Config c) {
        Model m = model(c.numHiddens(), c.numSteps(), c.radius(), true, c.seed());
        INDArray full = gradWhh(m, Truncation.FULL, 1, Map.of());
        double[] truncated = new double[TAUS.length];
        for (int i = 0; i < TAUS.length; i++) {
            truncated[i] = relDiff(gradWhh(m, Truncation.regular(TAUS[i]), 1, Map.of()), full);
            LOG.info("truncated every {} steps: relative difference {}", TAUS[i], truncated[i]);
        }
        double single = relDiff(randomized(m, c.pi(), 1, c.seed()), full);
        double mean = relDiff(randomized(m, c.pi(), c.samples(), c.seed()), full);
        LOG.info("randomised truncation (pi {}): one estimate {}, mean of {}: {}", c.pi(), single, c.samples(), mean);
        return new Comparison(truncated, single, mean);
    }

    /**
     * The model: \( W_{hh} \) symmetric, from a Gaussian matrix scaled to spectral radius
     * {@code radius}; \( W_{xh} \sim N(0, 1) \), \( W_{hq} \sim N(0, 1/h) \), \( b_h = 0 \);
     * x and y ~ N(0, 1). The same seed gives the same draws for every radius.
     */
    public static Model model(int numHiddens, int numSteps, double radius, boolean tanh, long seed) {
        Nd4j.getRandom().setSeed(seed);
        INDArray g = Nd4j.randn(DataType.DOUBLE, numHiddens, numHiddens);
        INDArray W_hh = g.add(g.transpose()).divi(2);
        W_hh.muli(radius / spectralRadius(W_hh));
        INDArray W_xh = Nd4j.randn(DataType.DOUBLE, 1, numHiddens);
        INDArray W_hq = Nd4j.randn(DataType.DOUBLE, numHiddens, 1).divi(Math.sqrt(numHiddens));
        INDArray x = Nd4j.randn(DataType.DOUBLE, numSteps);
        INDArray y = Nd4j.randn(DataType.DOUBLE, numSteps);
        return new Model(W_xh, W_hh, Nd4j.zeros(DataType.DOUBLE, 1, numHiddens), W_hq, x, y, tanh);
    }

    /** The largest |eigenvalue| of a symmetric matrix. */
    static double spectralRadius(INDArray symmetric) {
        return Eigen.symmetricGeneralizedEigenvalues(symmetric.dup())
                .amaxNumber()
                .doubleValue();
    }

    /** One step of the network: \( \phi(h W_{hh} + x_t W_{xh} + b_h) \). */
    static SDVariable step(SDVariable h, SDVariable W_hh, SDVariable xW, SDVariable b, boolean tanh) {
        SDVariable z = h.mmul(W_hh).add(xW).add(b);
        return tanh ? h.getSameDiff().math.tanh(z) : z;
    }

    /**
     * \( \|\partial (v^\top h_t) / \partial h_0\| \) for t = 1..T, v a random unit vector, h_0 ~
     * N(0, 1), all from one backward pass: row t - 1 of a batch of T copies of the sequence
     * starts from its own copy of h_0 and only its h_t enters the loss, so the gradient's row t -
     * 1 is that of \( v^\top h_t \) (the rows never mix).
     */
    public static double[] gradNorms(Model m, long seed) {
        int T = m.numSteps();
        Nd4j.getRandom().setSeed(seed + 1);
        INDArray h0 = Nd4j.randn(DataType.DOUBLE, 1, m.numHiddens());
        INDArray v = Nd4j.randn(DataType.DOUBLE, 1, m.numHiddens());
        v.divi(v.norm2Number());
        SameDiff sd = SameDiff.create();
        SDVariable H0 = sd.var("H0", h0.repeat(0, T)); // (T, h)
        SDVariable W_hh = sd.constant(m.W_hh());
        SDVariable W_xh = sd.constant(m.W_xh());
        SDVariable b = sd.constant(m.b_h());
        SDVariable h = H0;
        SDVariable loss = null;
        for (int t = 0; t < T; t++) {
            h = step(h, W_hh, W_xh.mul(m.x().getDouble(t)), b, m.tanh());
            INDArray mask = Nd4j.zeros(DataType.DOUBLE, T, m.numHiddens());
            mask.putRow(t, v); // only copy t sees v . h_{t+1}
            SDVariable term = h.mul(sd.constant(mask)).sum();
            loss = loss == null ? term : loss.add(term);
        }
        loss.markAsLoss();
        INDArray grad = sd.calculateGradients(Map.of(), "H0").get("H0");
        return grad.norm2(1).toDoubleVector();
    }

    /** What the backward pass sees of the state that enters step t (t >= 1); the forward values never change. */
    @FunctionalInterface
    public interface Truncation {
        SDVariable cut(SDVariable h, int t);

        /** Full backpropagation through time: nothing is cut. */
        Truncation FULL = (h, t) -> h;

        /** The state detached every tau steps, as 8.5's training detaches it between minibatches. */
        static Truncation regular(int tau) {
            if (tau < 1) {
                throw new IllegalArgumentException("Bptt: tau >= 1, got " + tau);
            }
            return (h, t) -> t % tau == 0 ? Scratch.detach(h) : h;
        }

        /**
         * Randomised truncation: \( \bar{h} + \xi_t (h - \bar{h}) \), with \( \bar{h} \) the
         * detached state: the value is h's, exactly, and the gradient through it is scaled by
         * \( \xi_t \), the placeholder {@code "xi_" + t}, one value per row of the batch.
         */
        Truncation RANDOMIZED = (h, t) -> {
            SDVariable xi = h.getSameDiff().placeHolder("xi_" + t, DataType.DOUBLE, -1, 1);
            SDVariable detached = Scratch.detach(h);
            return detached.add(h.sub(detached).mul(xi));
        };
    }

    /**
     * The loss of {@code batch} copies of the model's sequence, \( L = \frac{1}{T} \sum_t (o_t -
     * y_t)^2 \) averaged over the copies, as a SameDiff graph whose variable {@code "W_hh"} holds
     * the recurrent weight and whose output is {@code "loss"}.
     */
    public static SameDiff lossGraph(Model m, Truncation truncation, int batch) {
        SameDiff sd = SameDiff.create();
        SDVariable W_hh = sd.var("W_hh", m.W_hh().dup());
        SDVariable W_xh = sd.constant(m.W_xh());
        SDVariable b = sd.constant(m.b_h());
        SDVariable W_hq = sd.constant(m.W_hq());
        SDVariable h = sd.constant(Nd4j.zeros(DataType.DOUBLE, batch, m.numHiddens()));
        SDVariable sum = null;
        for (int t = 0; t < m.numSteps(); t++) {
            SDVariable in = t == 0 ? h : truncation.cut(h, t);
            h = step(in, W_hh, W_xh.mul(m.x().getDouble(t)), b, m.tanh());
            SDVariable err = h.mmul(W_hq).sub(m.y().getDouble(t));
            SDVariable term = err.mul(err).sum();
            sum = sum == null ? term : sum.add(term);
        }
        sum.div("loss", (double) batch * m.numSteps()).markAsLoss();
        return sd;
    }

    /** \( \partial L / \partial W_{hh} \) under {@code truncation}, for {@code batch} copies. */
    public static INDArray gradWhh(Model m, Truncation truncation, int batch, Map<String, INDArray> placeholders) {
        return lossGraph(m, truncation, batch)
                .calculateGradients(placeholders, "W_hh")
                .get("W_hh");
    }

    /**
     * The mean of {@code samples} randomised-truncation estimates of \( \partial L / \partial W_{hh}
     * \), in one backward pass: copy b of the sequence draws its own \( \xi_t \) (1/pi with
     * probability pi, else 0), and the batch's mean loss averages the estimates.
     */
    public static INDArray randomized(Model m, double pi, int samples, long seed) {
        Nd4j.getRandom().setSeed(seed + 2);
        Map<String, INDArray> xi = new HashMap<>();
        for (int t = 1; t < m.numSteps(); t++) {
            INDArray goesOn = Nd4j.rand(DataType.DOUBLE, samples, 1).lt(pi).castTo(DataType.DOUBLE);
            xi.put("xi_" + t, goesOn.divi(pi));
        }
        return gradWhh(m, Truncation.RANDOMIZED, samples, xi);
    }

    /** \( \|a - b\|_F / \|b\|_F \). */
    static double relDiff(INDArray a, INDArray b) {
        return a.sub(b).norm2Number().doubleValue() / b.norm2Number().doubleValue();
    }
}
