package io.github.d2l4j.ch11;

import io.github.d2l4j.common.data.Airfoil;
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
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.RmsProp;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * RMSProp: AdaGrad with a leaky average of the squared gradients instead of their sum, so that the steps stop
 * shrinking,
 *
 * <p>\( \mathbf{s}_t = \gamma \mathbf{s}_{t-1} + (1 - \gamma) \mathbf{g}_t^2 \), \( \mathbf{x}_t =
 * \mathbf{x}_{t-1} - \frac{\eta}{\sqrt{\mathbf{s}_t + \epsilon}} \odot \mathbf{g}_t \).
 *
 * <p>The book's steps: the weights \( (1 - \gamma)\gamma^t \) of past squared gradients for γ in {0.95, 0.9,
 * 0.8, 0.7}; the 2-D trace on \( 0.1 x_1^2 + 2 x_2^2 \) with η = 0.4, γ = 0.9 ({@code epoch 20, x1: -0.010599,
 * x2: 0.000000}); {@code rmsprop} from scratch on airfoil, lr 0.01, γ 0.9, batch 10, 2 epochs; the concise
 * {@code torch.optim.RMSprop(lr=0.01, alpha=0.9)}, 4 epochs.
 *
 * <p>Where DL4J differs: PyTorch calls γ {@code alpha}, DL4J's {@link RmsProp} calls it {@code rmsDecay}
 * (default 0.95). PyTorch starts the average at 0 and adds eps 1e-8 outside the root, \( \sqrt{s} + \epsilon
 * \); DL4J starts it at eps and adds eps outside the root too ({@code RmspropTest} pins it); the scratch code
 * starts at 0 and adds 1e-6 inside. At eps 1e-8, the concise run's, DL4J's start is PyTorch's to float
 * precision.
 *
 * <p>D2L 11.8, RMSProp.
 */
@BookSection(id = "11.8", title = "RMSProp", page = "https://zh.d2l.ai/chapter_optimization/rmsprop.html")
public final class Rmsprop {

    /** PyTorch's default eps of {@code torch.optim.RMSprop}, outside the root (DL4J's default too). */
    static final double TORCH_EPS = 1e-8;

    /**
     * @param trace the line {@code train_2d} prints for η = 0.4, γ = 0.9
     * @param scratchLoss the final loss of the scratch run
     * @param conciseLoss the final loss of the concise run
     * @param plots every figure of the section
     */
    public record Result(String trace, double scratchLoss, double conciseLoss, List<Path> plots)
            implements SectionResult {
        @Override
        public Summary summary() {
            return Summary.of()
                    .add("loss_scratch", scratchLoss)
                    .add("loss_concise", conciseLoss)
                    .add("plots", plots.size());
        }
    }

    /** {@code rmsprop_2d} on 11.6's objective, eps 1e-6; the state's (s1, s2) are the leaky averages. */
    static Train2d.Trainer rmsprop2d(double eta, double gamma) {
        double eps = 1e-6;
        return s -> {
            double g1 = 0.2 * s.x1();
            double g2 = 4 * s.x2();
            double s1 = gamma * s.s1() + (1 - gamma) * g1 * g1;
            double s2 = gamma * s.s2() + (1 - gamma) * g2 * g2;
            return new Train2d.State(
                    s.x1() - eta / Math.sqrt(s1 + eps) * g1, s.x2() - eta / Math.sqrt(s2 + eps) * g2, s1, s2);
        };
    }

    /** {@code init_rmsprop_states}: a zero leaky average per parameter. */
    static List<INDArray[]> initRmspropStates(int featureDim) {
        return AirfoilConfig.zeroStates(featureDim, 1);
    }

    /** {@code rmsprop}: s = γ s + (1 - γ) g^2, p -= lr g / sqrt(s + eps), eps 1e-6. */
    static void rmsprop(List<Param> params, List<INDArray[]> states, Map<String, Double> hyperparams) {
        double gamma = hyperparams.get("gamma");
        double eps = 1e-6;
        for (int i = 0; i < params.size(); i++) {
            Param p = params.get(i);
            INDArray s = states.get(i)[0];
            s.muli(gamma).addi(p.grad().mul(p.grad()).muli(1 - gamma));
            p.data().subi(p.grad().mul(hyperparams.get("lr")).divi(Transforms.sqrt(s.add(eps), false)));
        }
    }

    /** The concise run's DL4J updater, the book's {@code torch.optim.RMSprop(lr=0.01, alpha=0.9)}: the book's gamma is DL4J's rmsDecay (default 0.95), eps PyTorch's 1e-8. */
    static RmsProp conciseUpdater() {
        return new RmsProp(0.01, 0.9, TORCH_EPS);
    }

    public static Result run(AirfoilConfig c) {
        List<Path> plots = new ArrayList<>();
        double[] gammas = {0.95, 0.9, 0.8, 0.7};
        double[] scales = new double[gammas.length];
        for (int i = 0; i < gammas.length; i++) {
            scales[i] = 1 - gammas[i];
        }
        plots.add(Figures.powers(gammas, scales, 40, "gamma", gammas, c.out().resolve("11.8-weights.png")));
        String trace =
                Figures.trace2d(rmsprop2d(0.4, 0.9), Momentum::f2d, c.out().resolve("11.8-rmsprop.png"), plots);

        Airfoil.Data data = Airfoil.getDataCh11(10, c.seed());
        TrainCh11.Result scratch = TrainCh11.trainCh11(
                Rmsprop::rmsprop,
                initRmspropStates(data.featureDim()),
                new HashMap<>(Map.of("lr", 0.01, "gamma", 0.9)),
                data,
                2,
                c.seed(),
                c.out().resolve("11.8-scratch.png"));
        plots.add(scratch.plot());
        TrainCh11.Result concise = TrainCh11.trainConciseCh11(
                conciseUpdater(), data, 4, c.seed(), c.out().resolve("11.8-concise.png"));
        plots.add(concise.plot());
        return new Result(trace, scratch.finalLoss(), concise.finalLoss(), plots);
    }
}
