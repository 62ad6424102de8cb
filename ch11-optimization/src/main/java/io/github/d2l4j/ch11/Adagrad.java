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
import org.nd4j.linalg.learning.config.AdaGrad;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * AdaGrad: each coordinate gets its own learning rate, shrinking with the sum of its squared gradients,
 *
 * <p>\( \mathbf{s}_t = \mathbf{s}_{t-1} + \mathbf{g}_t^2 \), \( \mathbf{w}_t = \mathbf{w}_{t-1} -
 * \frac{\eta}{\sqrt{\mathbf{s}_t + \epsilon}} \cdot \mathbf{g}_t \).
 *
 * <p>The book's steps: the 2-D trace on \( 0.1 x_1^2 + 2 x_2^2 \) with η = 0.4 (the steps shrink too fast:
 * {@code epoch 20, x1: -2.382563, x2: -0.158591}) and η = 2 ({@code x1: -0.002295, x2: -0.000000}); {@code
 * adagrad} from scratch on airfoil, lr 0.1, batch 10, 2 epochs; the concise {@code torch.optim.Adagrad(lr=0.1)},
 * 4 epochs.
 *
 * <p>Where DL4J differs: the scratch code adds eps 1e-6 inside the root and starts the sum at 0. PyTorch's
 * Adagrad starts at 0 and adds its default eps 1e-10 outside the root, \( \sqrt{s} + \epsilon \). DL4J's {@link
 * AdaGrad} starts the sum at eps and adds eps again outside the root (its default eps is 1e-6): the concise run
 * sets PyTorch's 1e-10, at which both starts are the same to float precision ({@code AdagradTest} pins DL4J's
 * form).
 *
 * <p>D2L 11.7, Adagrad.
 */
@BookSection(id = "11.7", title = "Adagrad", page = "https://zh.d2l.ai/chapter_optimization/adagrad.html")
public final class Adagrad {

    /** PyTorch's default eps of {@code torch.optim.Adagrad}, outside the root. */
    static final double TORCH_EPS = 1e-10;

    /**
     * @param traces the lines {@code train_2d} prints for η = 0.4 and η = 2
     * @param scratchLoss the final loss of the scratch run
     * @param conciseLoss the final loss of the concise run
     * @param plots every figure of the section
     */
    public record Result(List<String> traces, double scratchLoss, double conciseLoss, List<Path> plots)
            implements SectionResult {
        @Override
        public Summary summary() {
            return Summary.of()
                    .add("loss_scratch", scratchLoss)
                    .add("loss_concise", conciseLoss)
                    .add("plots", plots.size());
        }
    }

    /** {@code adagrad_2d} on 11.6's objective, eps 1e-6; the state's (s1, s2) are the sums of squares. */
    static Train2d.Trainer adagrad2d(double eta) {
        double eps = 1e-6;
        return s -> {
            double g1 = 0.2 * s.x1();
            double g2 = 4 * s.x2();
            double s1 = s.s1() + g1 * g1;
            double s2 = s.s2() + g2 * g2;
            return new Train2d.State(
                    s.x1() - eta / Math.sqrt(s1 + eps) * g1, s.x2() - eta / Math.sqrt(s2 + eps) * g2, s1, s2);
        };
    }

    /** {@code init_adagrad_states}: a zero sum of squares per parameter. */
    static List<INDArray[]> initAdagradStates(int featureDim) {
        return AirfoilConfig.zeroStates(featureDim, 1);
    }

    /** {@code adagrad}: s += g^2, p -= lr g / sqrt(s + eps), eps 1e-6. */
    static void adagrad(List<Param> params, List<INDArray[]> states, Map<String, Double> hyperparams) {
        double eps = 1e-6;
        for (int i = 0; i < params.size(); i++) {
            Param p = params.get(i);
            INDArray s = states.get(i)[0];
            s.addi(p.grad().mul(p.grad()));
            p.data().subi(p.grad().mul(hyperparams.get("lr")).divi(Transforms.sqrt(s.add(eps), false)));
        }
    }

    /** The concise run's DL4J updater, the book's {@code torch.optim.Adagrad(lr=0.1)}, with PyTorch's eps 1e-10 (DL4J's default is 1e-6). */
    static AdaGrad conciseUpdater() {
        return new AdaGrad(0.1, TORCH_EPS);
    }

    public static Result run(AirfoilConfig c) {
        List<Path> plots = new ArrayList<>();
        List<String> traces = List.of(
                Figures.trace2d(adagrad2d(0.4), Momentum::f2d, c.out().resolve("11.7-adagrad-eta0.4.png"), plots),
                Figures.trace2d(adagrad2d(2), Momentum::f2d, c.out().resolve("11.7-adagrad-eta2.png"), plots));

        Airfoil.Data data = Airfoil.getDataCh11(10, c.seed());
        TrainCh11.Result scratch = TrainCh11.trainCh11(
                Adagrad::adagrad,
                initAdagradStates(data.featureDim()),
                new HashMap<>(Map.of("lr", 0.1)),
                data,
                2,
                c.seed(),
                c.out().resolve("11.7-scratch.png"));
        plots.add(scratch.plot());
        TrainCh11.Result concise = TrainCh11.trainConciseCh11(
                conciseUpdater(), data, 4, c.seed(), c.out().resolve("11.7-concise.png"));
        plots.add(concise.plot());
        return new Result(traces, scratch.finalLoss(), concise.finalLoss(), plots);
    }
}
