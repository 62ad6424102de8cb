package io.github.d2l4j.ch11;

import io.github.d2l4j.common.data.Airfoil;
import io.github.d2l4j.common.optim.HeavyBallMomentum;
import io.github.d2l4j.common.optim.Train2d;
import io.github.d2l4j.common.section.BookSection;
import io.github.d2l4j.common.section.SectionResult;
import io.github.d2l4j.common.section.Summary;
import io.github.d2l4j.common.train.TrainCh11;
import io.github.d2l4j.common.train.TrainCh11.Param;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Momentum: replace the gradient by a leaky average of past gradients,
 *
 * <p>\( \mathbf{v}_t = \beta \mathbf{v}_{t-1} + \mathbf{g}_t \), \( \mathbf{x}_t = \mathbf{x}_{t-1} -
 * \eta \mathbf{v}_t \),
 *
 * <p>with no \( (1 - \beta) \) factor, so that the effective step is \( \eta / (1 - \beta) \) and β = 0
 * is plain gradient descent. The book's steps, in its order:
 *
 * <ol>
 *   <li>gradient descent on the ill-conditioned \( f(\mathbf{x}) = 0.1 x_1^2 + 2 x_2^2 \) with η = 0.4
 *       (x2 converges, x1 crawls: {@code epoch 20, x1: -0.943467, x2: -0.000073}) and η = 0.6 (x2
 *       diverges: {@code x1: -0.387814, x2: -1673.365109});
 *   <li>momentum on the same function with η = 0.6: β = 0.5 converges ({@code x1: 0.007188, x2:
 *       0.002553}), β = 0.25 barely does ({@code x1: -0.126340, x2: -0.186632});
 *   <li>the effective weights \( \beta^\tau \) of past gradients for β in {0.95, 0.9, 0.6, 0};
 *   <li>{@code sgd_momentum} from scratch on the airfoil data, batch 10, 2 epochs, at (lr, momentum) =
 *       (0.02, 0.5), (0.01, 0.9) and (0.005, 0.9); the book: the last converges well;
 *   <li>the concise version, PyTorch's {@code SGD(lr=0.005, momentum=0.9)} for 4 epochs. DL4J's {@code
 *       Nesterovs} is Nesterov's method, not this heavy-ball form, so the DL4J updater here is d2l-common's
 *       {@link HeavyBallMomentum}, written for this section;
 *   <li>the scalar analysis: on \( f(x) = \frac{\lambda}{2} x^2 \) gradient descent multiplies x by \( 1 -
 *       \eta\lambda \) each step, plotted for λ in {0.1, 1, 10, 19} with η = 0.1 (λ = 19 oscillates:
 *       1 - ηλ = -0.9).
 * </ol>
 *
 * <p>The 2-D traces run in double, as the book's Python floats do, and print exactly the book's values.
 *
 * <p>D2L 11.6, Momentum.
 */
@BookSection(id = "11.6", title = "Momentum", page = "https://zh.d2l.ai/chapter_optimization/momentum.html")
public final class Momentum {

    /**
     * @param traces the lines {@code train_2d} prints: gd η 0.4, gd η 0.6, momentum β 0.5, momentum β 0.25
     * @param scratchLosses the final loss of {@code train_momentum} at (0.02, 0.5), (0.01, 0.9), (0.005, 0.9)
     * @param conciseLoss the final loss of the concise run
     * @param plots every figure of the section
     */
    public record Result(List<String> traces, double[] scratchLosses, double conciseLoss, List<Path> plots)
            implements SectionResult {
        @Override
        public Summary summary() {
            return Summary.of()
                    .add("loss_0.02_0.5", scratchLosses[0])
                    .add("loss_0.01_0.9", scratchLosses[1])
                    .add("loss_0.005_0.9", scratchLosses[2])
                    .add("loss_concise", conciseLoss)
                    .add("plots", plots.size());
        }
    }

    /** The book's ill-conditioned objective of 11.6-11.8: \( 0.1 x_1^2 + 2 x_2^2 \). */
    static double f2d(double x1, double x2) {
        return 0.1 * x1 * x1 + 2 * x2 * x2;
    }

    /** {@code gd_2d}: gradient descent on {@link #f2d}, whose gradient is (0.2 x1, 4 x2). */
    static Train2d.Trainer gd2d(double eta) {
        return s -> new Train2d.State(s.x1() - eta * 0.2 * s.x1(), s.x2() - eta * 4 * s.x2(), 0, 0);
    }

    /** {@code momentum_2d}: the velocities (v1, v2) ride in the state's (s1, s2). */
    static Train2d.Trainer momentum2d(double eta, double beta) {
        return s -> {
            double v1 = beta * s.s1() + 0.2 * s.x1();
            double v2 = beta * s.s2() + 4 * s.x2();
            return new Train2d.State(s.x1() - eta * v1, s.x2() - eta * v2, v1, v2);
        };
    }

    /** {@code init_momentum_states}: a zero velocity per parameter, shaped like w (featureDim, 1) and b (1). */
    static List<INDArray[]> initMomentumStates(int featureDim) {
        return AirfoilConfig.zeroStates(featureDim, 1);
    }

    /**
     * {@code sgd_momentum}: v = momentum v + g, p -= lr v. The book then zeroes {@code p.grad}; here each step's
     * gradient is computed afresh, so there is nothing to zero.
     */
    static void sgdMomentum(List<Param> params, List<INDArray[]> states, Map<String, Double> hyperparams) {
        for (int i = 0; i < params.size(); i++) {
            Param p = params.get(i);
            INDArray v = states.get(i)[0];
            v.muli(hyperparams.get("momentum")).addi(p.grad());
            p.data().subi(v.mul(hyperparams.get("lr")));
        }
    }

    /** The concise run's DL4J updater, the book's {@code torch.optim.SGD(lr=0.005, momentum=0.9)}: d2l-common's heavy-ball updater (DL4J's {@code Nesterovs} is Nesterov's method). */
    static HeavyBallMomentum conciseUpdater() {
        return new HeavyBallMomentum(0.005, 0.9);
    }

    public static Result run(AirfoilConfig c) {
        List<Path> plots = new ArrayList<>();
        List<String> traces = new ArrayList<>();
        traces.add(Figures.trace2d(gd2d(0.4), Momentum::f2d, c.out().resolve("11.6-gd-eta0.4.png"), plots));
        traces.add(Figures.trace2d(gd2d(0.6), Momentum::f2d, c.out().resolve("11.6-gd-eta0.6.png"), plots));
        traces.add(Figures.trace2d(
                momentum2d(0.6, 0.5), Momentum::f2d, c.out().resolve("11.6-momentum-beta0.5.png"), plots));
        traces.add(Figures.trace2d(
                momentum2d(0.6, 0.25), Momentum::f2d, c.out().resolve("11.6-momentum-beta0.25.png"), plots));
        plots.add(plotEffectiveWeights(c.out().resolve("11.6-effective-weights.png")));

        Airfoil.Data data = Airfoil.getDataCh11(10, c.seed());
        double[] scratch = {
            trainMomentum(0.02, 0.5, 2, data, c, plots),
            trainMomentum(0.01, 0.9, 2, data, c, plots),
            trainMomentum(0.005, 0.9, 2, data, c, plots)
        };
        TrainCh11.Result concise = TrainCh11.trainConciseCh11(
                conciseUpdater(), data, 4, c.seed(), c.out().resolve("11.6-concise.png"));
        plots.add(concise.plot());

        plots.add(plotScalarAnalysis(c.out().resolve("11.6-scalar-analysis.png")));
        return new Result(traces, scratch, concise.finalLoss(), plots);
    }

    /** {@code train_momentum(lr, momentum, num_epochs)}. */
    private static double trainMomentum(
            double lr, double momentum, int numEpochs, Airfoil.Data data, AirfoilConfig c, List<Path> plots) {
        Map<String, Double> hyperparams = new HashMap<>(Map.of("lr", lr, "momentum", momentum));
        Path png = c.out().resolve(String.format(Locale.ROOT, "11.6-momentum-lr%s-m%s.png", lr, momentum));
        TrainCh11.Result r = TrainCh11.trainCh11(
                Momentum::sgdMomentum,
                initMomentumStates(data.featureDim()),
                hyperparams,
                data,
                numEpochs,
                c.seed(),
                png);
        plots.add(r.plot());
        return r.finalLoss();
    }

    /** The weight \( \beta^\tau \) that momentum gives the gradient of τ steps ago, τ = 0..39. */
    private static Path plotEffectiveWeights(Path png) {
        double[] betas = {0.95, 0.9, 0.6, 0};
        return Figures.powers(betas, new double[] {1, 1, 1, 1}, 40, "beta", betas, png);
    }

    /** \( (1 - \eta\lambda)^t \) for η = 0.1, t = 0..19: gradient descent on \( \frac{\lambda}{2} x^2 \). */
    private static Path plotScalarAnalysis(Path png) {
        double eta = 0.1;
        double[] lambdas = {0.1, 1, 10, 19};
        double[] factors = new double[lambdas.length];
        for (int i = 0; i < lambdas.length; i++) {
            factors[i] = 1 - eta * lambdas[i];
        }
        return Figures.powers(factors, new double[] {1, 1, 1, 1}, 20, "lambda", lambdas, png);
    }
}
