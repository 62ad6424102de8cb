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
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Adam: momentum's leaky average of the gradients and RMSProp's of their squares, both corrected for their
 * start at zero,
 *
 * <p>\( \mathbf{v}_t = \beta_1 \mathbf{v}_{t-1} + (1 - \beta_1) \mathbf{g}_t \), \( \mathbf{s}_t = \beta_2
 * \mathbf{s}_{t-1} + (1 - \beta_2) \mathbf{g}_t^2 \), \( \hat{\mathbf{v}}_t = \frac{\mathbf{v}_t}{1 -
 * \beta_1^t} \), \( \hat{\mathbf{s}}_t = \frac{\mathbf{s}_t}{1 - \beta_2^t} \), \( \mathbf{x}_t =
 * \mathbf{x}_{t-1} - \frac{\eta \hat{\mathbf{v}}_t}{\sqrt{\hat{\mathbf{s}}_t} + \epsilon} \).
 *
 * <p>The book's steps: {@code adam} from scratch on airfoil (β1 0.9, β2 0.999, eps 1e-6 outside the root; the
 * step count t lives in the hyperparameters, which the function changes: {@code {'lr': 0.01, 't': 1}}), batch
 * 10, 2 epochs; the concise {@code torch.optim.Adam(lr=0.01)}, 4 epochs; then Yogi, whose second moment moves by
 * \( \mathbf{s}_t = \mathbf{s}_{t-1} + (1 - \beta_2) \mathbf{g}_t^2 \odot \mathrm{sgn}(\mathbf{g}_t^2 -
 * \mathbf{s}_{t-1}) \), eps 1e-3, from scratch, 2 epochs.
 *
 * <p>Where DL4J differs: DL4J's {@link org.nd4j.linalg.learning.config.Adam} (eps 1e-8, as PyTorch's default)
 * adds eps to \( \sqrt{\mathbf{s}_t} \) before the bias correction, which in PyTorch's terms is an eps of \(
 * \epsilon / \sqrt{1 - \beta_2^t} \), 31.6 times larger at the first step and shrinking to eps; the concise run
 * keeps DL4J's Adam and says so ({@code AdamTest} pins the difference).
 *
 * <p>D2L 11.10, Adam.
 */
@BookSection(id = "11.10", title = "Adam", page = "https://zh.d2l.ai/chapter_optimization/adam.html")
public final class Adam {

    /**
     * @param scratchLoss the final loss of the scratch Adam
     * @param conciseLoss the final loss of the concise run
     * @param yogiLoss the final loss of the scratch Yogi
     * @param plots every figure of the section
     */
    public record Result(double scratchLoss, double conciseLoss, double yogiLoss, List<Path> plots)
            implements SectionResult {
        @Override
        public Summary summary() {
            return Summary.of()
                    .add("loss_scratch", scratchLoss)
                    .add("loss_concise", conciseLoss)
                    .add("loss_yogi", yogiLoss)
                    .add("plots", plots.size());
        }
    }

    /** {@code init_adam_states}: per parameter the pair (v, s), both zero. */
    static List<INDArray[]> initAdamStates(int featureDim) {
        return AirfoilConfig.zeroStates(featureDim, 2);
    }

    /** {@code adam}: eps 1e-6 outside the root; increments {@code hyperparams["t"]} after the step. */
    static void adam(List<Param> params, List<INDArray[]> states, Map<String, Double> hyperparams) {
        double beta1 = 0.9;
        double beta2 = 0.999;
        double eps = 1e-6;
        for (int i = 0; i < params.size(); i++) {
            Param p = params.get(i);
            INDArray v = states.get(i)[0];
            INDArray s = states.get(i)[1];
            v.muli(beta1).addi(p.grad().mul(1 - beta1));
            s.muli(beta2).addi(p.grad().mul(p.grad()).muli(1 - beta2));
            step(p, v, s, hyperparams, beta1, beta2, eps);
        }
        hyperparams.merge("t", 1.0, Double::sum);
    }

    /** {@code yogi}: Adam but for the second moment's update; eps 1e-3. */
    static void yogi(List<Param> params, List<INDArray[]> states, Map<String, Double> hyperparams) {
        double beta1 = 0.9;
        double beta2 = 0.999;
        double eps = 1e-3;
        for (int i = 0; i < params.size(); i++) {
            Param p = params.get(i);
            INDArray v = states.get(i)[0];
            INDArray s = states.get(i)[1];
            v.muli(beta1).addi(p.grad().mul(1 - beta1));
            INDArray g2 = p.grad().mul(p.grad());
            s.addi(Transforms.sign(g2.sub(s)).muli(g2).muli(1 - beta2));
            step(p, v, s, hyperparams, beta1, beta2, eps);
        }
        hyperparams.merge("t", 1.0, Double::sum);
    }

    /** The bias-corrected step both share: p -= lr v̂ / (sqrt(ŝ) + eps). */
    private static void step(
            Param p, INDArray v, INDArray s, Map<String, Double> hyperparams, double beta1, double beta2, double eps) {
        double t = hyperparams.get("t");
        INDArray vBiasCorr = v.div(1 - Math.pow(beta1, t));
        INDArray sBiasCorr = s.div(1 - Math.pow(beta2, t));
        p.data()
                .subi(vBiasCorr
                        .muli(hyperparams.get("lr"))
                        .divi(Transforms.sqrt(sBiasCorr, false).addi(eps)));
    }

    /** The concise run's DL4J updater, the book's {@code torch.optim.Adam(lr=0.01)}: DL4J's defaults are PyTorch's betas and eps 1e-8 (its eps sits before the bias correction: see the class comment). */
    static org.nd4j.linalg.learning.config.Adam conciseUpdater() {
        return new org.nd4j.linalg.learning.config.Adam(0.01);
    }

    public static Result run(AirfoilConfig c) {
        List<Path> plots = new ArrayList<>();
        Airfoil.Data data = Airfoil.getDataCh11(10, c.seed());
        TrainCh11.Result scratch = TrainCh11.trainCh11(
                Adam::adam,
                initAdamStates(data.featureDim()),
                new HashMap<>(Map.of("lr", 0.01, "t", 1.0)),
                data,
                2,
                c.seed(),
                c.out().resolve("11.10-adam.png"));
        plots.add(scratch.plot());
        TrainCh11.Result concise = TrainCh11.trainConciseCh11(
                conciseUpdater(), data, 4, c.seed(), c.out().resolve("11.10-concise.png"));
        plots.add(concise.plot());
        TrainCh11.Result yogi = TrainCh11.trainCh11(
                Adam::yogi,
                initAdamStates(data.featureDim()),
                new HashMap<>(Map.of("lr", 0.01, "t", 1.0)),
                data,
                2,
                c.seed(),
                c.out().resolve("11.10-yogi.png"));
        plots.add(yogi.plot());
        return new Result(scratch.finalLoss(), concise.finalLoss(), yogi.finalLoss(), plots);
    }
}
