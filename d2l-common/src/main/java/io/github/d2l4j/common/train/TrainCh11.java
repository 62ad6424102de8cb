package io.github.d2l4j.common.train;

import io.github.d2l4j.common.data.Airfoil;
import io.github.d2l4j.common.section.SectionResult;
import io.github.d2l4j.common.section.Summary;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * Chapter 11's training loops on the airfoil data: {@code train_ch11} (a from-scratch optimiser on
 * linear regression) and {@code train_concise_ch11} (a DL4J updater on a DL4J network).
 *
 * <p>Defined in D2L §11.5.
 */
public final class TrainCh11 {
    private TrainCh11() {}

    /** A parameter and its gradient, the book's {@code p} and {@code p.grad}. */
    public record Param(INDArray data, INDArray grad) {}

    /**
     * A from-scratch optimiser, the book's {@code trainer_fn(params, states, hyperparams)}: it updates each
     * {@code params.get(i).data()} in place from its gradient and its state tuple {@code states.get(i)}; it
     * may change {@code hyperparams} (Adam's {@code t}).
     */
    @FunctionalInterface
    public interface TrainerFn {
        void step(List<Param> params, List<INDArray[]> states, Map<String, Double> hyperparams);
    }

    /**
     * The result of a run.
     *
     * @param epochs the Animator's x values, {@code n / batch / len(data_iter)} at each evaluation
     * @param losses the loss over all rows at each evaluation (half the MSE)
     * @param times cumulative training seconds at each evaluation, evaluation excluded (the book's {@code
     *     timer.cumsum()})
     * @param secPerEpoch what the book prints as sec/epoch: {@code timer.avg()}
     * @param plot the Animator's PNG, or null
     */
    public record Result(double[] epochs, double[] losses, double[] times, double secPerEpoch, Path plot)
            implements SectionResult {
        public double finalLoss() {
            return losses[losses.length - 1];
        }

        @Override
        public Summary summary() {
            Summary s = Summary.of().add("loss", finalLoss()).add("sec_per_epoch", secPerEpoch);
            return plot == null ? s : s.add("plot", plot);
        }
    }

    /**
     * {@code train_ch11(trainer_fn, states, hyperparams, data_iter, feature_dim, num_epochs)}: w ~ N(0, 0.01^2),
     * b = 0, seeded by {@code seed}; logs {@code loss: 0.243, 0.012 sec/epoch}.
     *
     * @param png the Animator's file, or null for none
     */
    public static Result trainCh11(
            TrainerFn trainerFn,
            List<INDArray[]> states,
            Map<String, Double> hyperparams,
            Airfoil.Data data,
            int numEpochs,
            long seed,
            Path png) {
        throw new UnsupportedOperationException("TODO");
    }

    /**
     * {@code train_concise_ch11(trainer_fn, hyperparams, data_iter, num_epochs)}: {@code nn.Linear(5, 1)} as a
     * DL4J network whose weight is N(0, 0.01^2) and whose bias has PyTorch's default init, trained with the
     * DL4J updater {@code updater} on the mean squared loss; reports half the MSE as the book does.
     *
     * @param png the Animator's file, or null for none
     */
    public static Result trainConciseCh11(IUpdater updater, Airfoil.Data data, int numEpochs, long seed, Path png) {
        throw new UnsupportedOperationException("TODO");
    }
}
