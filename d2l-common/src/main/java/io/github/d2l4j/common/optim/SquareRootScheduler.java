package io.github.d2l4j.common.optim;

import java.util.Objects;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonAutoDetect;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * The book's {@code SquareRootScheduler(lr)}: eta_t = lr * (t + 1)^(-1/2).
 *
 * <p>t is DL4J's <em>epoch</em> argument of {@link #valueAt(int, int)} (the iteration is ignored),
 * because the book calls its scheduler once per epoch in §11.11. The book sets the optimiser's lr to
 * {@code scheduler(epoch)} <em>after</em> epoch {@code epoch}, so its training runs epoch k at
 * {@code scheduler(k - 1)}; {@link Schedules#afterEachEpoch} reproduces that lag.
 *
 * <p>Defined in D2L §11.11.
 */
@JsonAutoDetect(
        fieldVisibility = JsonAutoDetect.Visibility.ANY,
        getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public final class SquareRootScheduler implements ISchedule {

    private static final long serialVersionUID = 1L;

    private final double lr;

    /**
     * @param lr the learning rate at t = 0, positive
     */
    @JsonCreator
    public SquareRootScheduler(@JsonProperty("lr") double lr) {
        if (!(lr > 0 && Double.isFinite(lr))) {
            throw new IllegalArgumentException("SquareRootScheduler: lr must be positive and finite, got " + lr);
        }
        this.lr = lr;
    }

    /** @return lr * (epoch + 1)^(-1/2) */
    @Override
    public double valueAt(int iteration, int epoch) {
        return lr * Math.pow(epoch + 1.0, -0.5);
    }

    @Override
    public ISchedule clone() {
        return new SquareRootScheduler(lr);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SquareRootScheduler s && Double.compare(lr, s.lr) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(lr);
    }

    @Override
    public String toString() {
        return "SquareRootScheduler(lr=" + lr + ")";
    }
}
