package io.github.d2l4j.common.optim;

import java.util.Map;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Heavy-ball momentum, the form of PyTorch's {@code torch.optim.SGD(lr, momentum)} and of the book's
 * scratch {@code sgd_momentum}:
 *
 * <pre>
 * v &lt;- momentum * v + g
 * p &lt;- p - lr * v
 * </pre>
 *
 * <p>There is no (1 - momentum) factor, so the effective step is lr / (1 - momentum). PyTorch
 * starts the buffer at a clone of the first gradient, which is {@code momentum * 0 + g}: starting v
 * at zero, as DL4J initialises updater state, gives the same first step.
 *
 * <p>Where DL4J differs: DL4J's {@link org.nd4j.linalg.learning.config.Nesterovs} is Nesterov's
 * accelerated gradient, not this update, so it does not reproduce the book's concise momentum run.
 * PyTorch's {@code dampening} and {@code nesterov} options (both off in the book) are not offered.
 * The learning rate may follow a DL4J {@link ISchedule}; the momentum is constant.
 *
 * <p>Defined in D2L §11.6.
 */
public final class HeavyBallMomentum implements IUpdater {

    private static final long serialVersionUID = 1L;

    private double learningRate;
    private ISchedule learningRateSchedule;
    private final double momentum;

    /**
     * Heavy-ball momentum with a constant learning rate.
     *
     * @param learningRate lr, positive
     * @param momentum the momentum, in [0, 1)
     */
    public HeavyBallMomentum(double learningRate, double momentum) {
        this(learningRate, null, momentum);
    }

    /**
     * Heavy-ball momentum with a scheduled learning rate.
     *
     * @param learningRateSchedule lr as a function of (iteration, epoch)
     * @param momentum the momentum, in [0, 1)
     */
    public HeavyBallMomentum(ISchedule learningRateSchedule, double momentum) {
        this(Double.NaN, Objects.requireNonNull(learningRateSchedule, "learningRateSchedule"), momentum);
    }

    @JsonCreator
    private HeavyBallMomentum(
            @JsonProperty("learningRate") double learningRate,
            @JsonProperty("learningRateSchedule") ISchedule learningRateSchedule,
            @JsonProperty("momentum") double momentum) {
        if (learningRateSchedule == null && !(learningRate > 0 && Double.isFinite(learningRate))) {
            throw new IllegalArgumentException(
                    "HeavyBallMomentum: learning rate must be positive and finite, got " + learningRate);
        }
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("HeavyBallMomentum: momentum must lie in [0, 1), got " + momentum);
        }
        this.learningRate = learningRate;
        this.learningRateSchedule = learningRateSchedule;
        this.momentum = momentum;
    }

    /** @return the momentum (PyTorch's {@code momentum}, the book's beta) */
    public double momentum() {
        return momentum;
    }

    /** @return the schedule of the learning rate, or null when it is constant */
    public ISchedule learningRateSchedule() {
        return learningRateSchedule;
    }

    /** One velocity buffer the size of the parameters. */
    @Override
    public long stateSize(long numParams) {
        return numParams;
    }

    @Override
    public GradientUpdater<HeavyBallMomentum> instantiate(INDArray viewArray, boolean initializeViewArray) {
        HeavyBallMomentumUpdater u = new HeavyBallMomentumUpdater(this);
        INDArray flat = viewArray.reshape(viewArray.length());
        u.setStateViewArray(flat, flat.shape(), flat.ordering(), initializeViewArray);
        return u;
    }

    @Override
    public GradientUpdater<HeavyBallMomentum> instantiate(
            Map<String, INDArray> updaterState, boolean initializeStateArrays) {
        HeavyBallMomentumUpdater u = new HeavyBallMomentumUpdater(this);
        u.setState(updaterState, initializeStateArrays);
        return u;
    }

    @Override
    public HeavyBallMomentum clone() {
        return new HeavyBallMomentum(
                learningRate, learningRateSchedule == null ? null : learningRateSchedule.clone(), momentum);
    }

    @Override
    public double getLearningRate(int iteration, int epoch) {
        return learningRateSchedule != null ? learningRateSchedule.valueAt(iteration, epoch) : learningRate;
    }

    @Override
    public boolean hasLearningRate() {
        return true;
    }

    /** Called by DL4J's {@code NetworkUtils.setLearningRate}; same rule as the constructor. */
    @Override
    public void setLrAndSchedule(double lr, ISchedule lrSchedule) {
        if (lrSchedule == null && !(lr > 0 && Double.isFinite(lr))) {
            throw new IllegalArgumentException(
                    "HeavyBallMomentum: learning rate must be positive and finite, got " + lr);
        }
        this.learningRate = lr;
        this.learningRateSchedule = lrSchedule;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HeavyBallMomentum h
                && Double.compare(learningRate, h.learningRate) == 0
                && Double.compare(momentum, h.momentum) == 0
                && Objects.equals(learningRateSchedule, h.learningRateSchedule);
    }

    @Override
    public int hashCode() {
        return Objects.hash(learningRate, learningRateSchedule, momentum);
    }

    @Override
    public String toString() {
        return "HeavyBallMomentum(lr="
                + (learningRateSchedule != null ? learningRateSchedule : learningRate)
                + ", momentum="
                + momentum
                + ")";
    }
}
