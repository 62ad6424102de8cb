package io.github.d2l4j.common.optim;

import java.util.Objects;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonAutoDetect;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * The book's {@code FactorScheduler(factor, stop_factor_lr, base_lr)}, as a closed form.
 *
 * <p>The book's scheduler is stateful: every call does {@code base_lr = max(stop_factor_lr, base_lr *
 * factor)} and returns it, whatever t it is given. A DL4J {@link ISchedule} must be a function of
 * (iteration, epoch), so this class returns what the book's (t + 1)-th call returns when it is called
 * once for each t = 0, 1, 2, ... (as the book's plot does):
 *
 * <pre>
 * eta_t = max(stop_factor_lr, base_lr * factor^(t + 1))
 * </pre>
 *
 * <p>The closed form equals the book's sequence for 0 &lt; factor &lt;= 1, which is therefore the
 * accepted range. t is DL4J's <em>epoch</em> argument; the iteration is ignored.
 *
 * <p>Defined in D2L §11.11.
 */
@JsonAutoDetect(
        fieldVisibility = JsonAutoDetect.Visibility.ANY,
        getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public final class FactorScheduler implements ISchedule {

    private static final long serialVersionUID = 1L;

    private final double factor;
    private final double stopFactorLr;
    private final double baseLr;

    /**
     * @param factor the multiplier per call, in (0, 1] (the book's default is 1)
     * @param stopFactorLr the floor, non-negative (the book's default is 1e-7)
     * @param baseLr the learning rate before the first call, positive (the book's default is 0.1)
     */
    @JsonCreator
    public FactorScheduler(
            @JsonProperty("factor") double factor,
            @JsonProperty("stopFactorLr") double stopFactorLr,
            @JsonProperty("baseLr") double baseLr) {
        if (!(factor > 0 && factor <= 1)
                || !(stopFactorLr >= 0 && Double.isFinite(stopFactorLr))
                || !(baseLr > 0 && Double.isFinite(baseLr))) {
            throw new IllegalArgumentException("FactorScheduler: need 0 < factor <= 1, stopFactorLr >= 0 and"
                    + " baseLr > 0, got factor=" + factor + ", stopFactorLr=" + stopFactorLr + ", baseLr="
                    + baseLr);
        }
        this.factor = factor;
        this.stopFactorLr = stopFactorLr;
        this.baseLr = baseLr;
    }

    /** @return max(stopFactorLr, baseLr * factor^(epoch + 1)) */
    @Override
    public double valueAt(int iteration, int epoch) {
        return Math.max(stopFactorLr, baseLr * Math.pow(factor, epoch + 1.0));
    }

    @Override
    public ISchedule clone() {
        return new FactorScheduler(factor, stopFactorLr, baseLr);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FactorScheduler f
                && Double.compare(factor, f.factor) == 0
                && Double.compare(stopFactorLr, f.stopFactorLr) == 0
                && Double.compare(baseLr, f.baseLr) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(factor, stopFactorLr, baseLr);
    }

    @Override
    public String toString() {
        return "FactorScheduler(factor=" + factor + ", stopFactorLr=" + stopFactorLr + ", baseLr=" + baseLr + ")";
    }
}
