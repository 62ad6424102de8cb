package io.github.d2l4j.ch11;

import io.github.d2l4j.common.data.Airfoil;
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
import org.nd4j.linalg.learning.config.AdaDelta;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Adadelta: RMSProp whose learning rate is itself a leaky average, of the squared updates; there is no
 * learning rate to choose,
 *
 * <p>\( \mathbf{s}_t = \rho \mathbf{s}_{t-1} + (1 - \rho) \mathbf{g}_t^2 \), \( \mathbf{g}'_t =
 * \frac{\sqrt{\Delta\mathbf{x}_{t-1} + \epsilon}}{\sqrt{\mathbf{s}_t + \epsilon}} \odot \mathbf{g}_t \), \(
 * \mathbf{x}_t = \mathbf{x}_{t-1} - \mathbf{g}'_t \), \( \Delta\mathbf{x}_t = \rho \Delta\mathbf{x}_{t-1} + (1 -
 * \rho) \mathbf{g}'^2_t \).
 *
 * <p>The book's steps: {@code adadelta} from scratch on airfoil, ρ = 0.9, eps 1e-5, batch 10, 2 epochs; the
 * concise {@code torch.optim.Adadelta(rho=0.9)}, 4 epochs. There is no 2-D demo.
 *
 * <p>Where DL4J differs: PyTorch's Adadelta has a learning rate, 1.0 by default, which multiplies the update;
 * DL4J's {@link AdaDelta} has none, which is the same as 1.0. Both put eps (PyTorch's default 1e-6; DL4J's
 * default 1e-6 too, and ρ 0.95) inside the roots as the scratch code does, whose eps is 1e-5.
 *
 * <p>D2L 11.9, Adadelta.
 */
@BookSection(id = "11.9", title = "Adadelta", page = "https://zh.d2l.ai/chapter_optimization/adadelta.html")
public final class Adadelta {

    /** PyTorch's default eps of {@code torch.optim.Adadelta}. */
    static final double TORCH_EPS = 1e-6;

    /**
     * @param scratchLoss the final loss of the scratch run
     * @param conciseLoss the final loss of the concise run
     * @param plots every figure of the section
     */
    public record Result(double scratchLoss, double conciseLoss, List<Path> plots) implements SectionResult {
        @Override
        public Summary summary() {
            return Summary.of()
                    .add("loss_scratch", scratchLoss)
                    .add("loss_concise", conciseLoss)
                    .add("plots", plots.size());
        }
    }

    /** {@code init_adadelta_states}: per parameter the pair (s, Δ), both zero. */
    static List<INDArray[]> initAdadeltaStates(int featureDim) {
        return AirfoilConfig.zeroStates(featureDim, 2);
    }

    /** {@code adadelta}, eps 1e-5. */
    static void adadelta(List<Param> params, List<INDArray[]> states, Map<String, Double> hyperparams) {
        double rho = hyperparams.get("rho");
        double eps = 1e-5;
        for (int i = 0; i < params.size(); i++) {
            Param p = params.get(i);
            INDArray s = states.get(i)[0];
            INDArray delta = states.get(i)[1];
            s.muli(rho).addi(p.grad().mul(p.grad()).muli(1 - rho));
            INDArray g = Transforms.sqrt(delta.add(eps), false)
                    .divi(Transforms.sqrt(s.add(eps), false))
                    .muli(p.grad());
            p.data().subi(g);
            delta.muli(rho).addi(g.mul(g).muli(1 - rho));
        }
    }

    /** The concise run's DL4J updater, the book's {@code torch.optim.Adadelta(rho=0.9)}: DL4J's default rho is 0.95; eps PyTorch's 1e-6; no lr (PyTorch's 1.0). */
    static AdaDelta conciseUpdater() {
        return new AdaDelta(0.9, TORCH_EPS);
    }

    public static Result run(AirfoilConfig c) {
        List<Path> plots = new ArrayList<>();
        Airfoil.Data data = Airfoil.getDataCh11(10, c.seed());
        TrainCh11.Result scratch = TrainCh11.trainCh11(
                Adadelta::adadelta,
                initAdadeltaStates(data.featureDim()),
                new HashMap<>(Map.of("rho", 0.9)),
                data,
                2,
                c.seed(),
                c.out().resolve("11.9-scratch.png"));
        plots.add(scratch.plot());
        TrainCh11.Result concise = TrainCh11.trainConciseCh11(
                conciseUpdater(), data, 4, c.seed(), c.out().resolve("11.9-concise.png"));
        plots.add(concise.plot());
        return new Result(scratch.finalLoss(), concise.finalLoss(), plots);
    }
}
