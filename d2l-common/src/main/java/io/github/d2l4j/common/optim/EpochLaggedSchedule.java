package io.github.d2l4j.common.optim;

import java.util.Objects;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonAutoDetect;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * The learning rate the book's §11.11 training loop really uses with a custom scheduler: it runs
 * epoch 0 at the optimiser's initial lr and sets {@code lr = scheduler(epoch)} <em>after</em> epoch
 * {@code epoch}, so epoch k (k &gt;= 1) runs at {@code scheduler(k - 1)} (trap 15 of the inventory).
 * With the warm-up cosine schedule, for instance, epoch 0 runs at 0.3, epoch 1 at 0.0, epoch 2 at
 * 0.06. Build one with {@link Schedules#afterEachEpoch}.
 *
 * <p>Defined in D2L §11.11.
 */
@JsonAutoDetect(
        fieldVisibility = JsonAutoDetect.Visibility.ANY,
        getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public final class EpochLaggedSchedule implements ISchedule {

    private static final long serialVersionUID = 1L;

    private final ISchedule schedule;
    private final double initialLr;

    /**
     * @param schedule the book's scheduler, as a function of the epoch
     * @param initialLr the optimiser's lr for epoch 0, positive
     */
    @JsonCreator
    public EpochLaggedSchedule(
            @JsonProperty("schedule") ISchedule schedule, @JsonProperty("initialLr") double initialLr) {
        if (schedule == null || !(initialLr > 0 && Double.isFinite(initialLr))) {
            throw new IllegalArgumentException("EpochLaggedSchedule: need a schedule and initialLr > 0, got schedule="
                    + schedule + ", initialLr=" + initialLr);
        }
        this.schedule = schedule;
        this.initialLr = initialLr;
    }

    /** @return initialLr at epoch 0, else the schedule's value at epoch - 1 */
    @Override
    public double valueAt(int iteration, int epoch) {
        return epoch == 0 ? initialLr : schedule.valueAt(iteration, epoch - 1);
    }

    @Override
    public ISchedule clone() {
        return new EpochLaggedSchedule(schedule.clone(), initialLr);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EpochLaggedSchedule e
                && Double.compare(initialLr, e.initialLr) == 0
                && schedule.equals(e.schedule);
    }

    @Override
    public int hashCode() {
        return Objects.hash(schedule, initialLr);
    }

    @Override
    public String toString() {
        return "EpochLaggedSchedule(" + schedule + ", initialLr=" + initialLr + ")";
    }
}
