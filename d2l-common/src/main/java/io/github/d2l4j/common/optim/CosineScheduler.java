package io.github.d2l4j.common.optim;

import java.util.Objects;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonAutoDetect;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * The book's {@code CosineScheduler(max_update, base_lr, final_lr, warmup_steps, warmup_begin_lr)}:
 *
 * <pre>
 * t &lt; warmup_steps:           eta_t = warmup_begin_lr + (base_lr - warmup_begin_lr) * t / warmup_steps
 * warmup_steps &lt;= t &lt;= T:    eta_t = final_lr + (base_lr - final_lr) * (1 + cos(pi * (t - warmup_steps)
 *                                      / (T - warmup_steps))) / 2
 * t &gt; T:                      eta_t = final_lr
 * </pre>
 *
 * with T = max_update. For t &gt; T the book returns the value it stored at its last call with t &lt;= T,
 * which is final_lr when it was called at t = T (as in its plot and training); this class returns
 * final_lr, a function of t alone. t is DL4J's <em>epoch</em> argument; the iteration is ignored.
 *
 * <p>Defined in D2L §11.11.
 */
@JsonAutoDetect(
        fieldVisibility = JsonAutoDetect.Visibility.ANY,
        getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public final class CosineScheduler implements ISchedule {

    private static final long serialVersionUID = 1L;

    private final int maxUpdate;
    private final double baseLr;
    private final double finalLr;
    private final int warmupSteps;
    private final double warmupBeginLr;

    /**
     * The book's defaults for the rest: no warm-up, warmup_begin_lr 0.
     *
     * @param maxUpdate T, the epoch at which the cosine reaches finalLr
     * @param baseLr the peak learning rate
     * @param finalLr the learning rate from T on
     */
    public CosineScheduler(int maxUpdate, double baseLr, double finalLr) {
        this(maxUpdate, baseLr, finalLr, 0, 0);
    }

    /**
     * @param maxUpdate T, greater than warmupSteps
     * @param baseLr the peak learning rate, positive
     * @param finalLr the learning rate from T on, non-negative
     * @param warmupSteps the epochs of linear warm-up, non-negative
     * @param warmupBeginLr the learning rate at t = 0 of the warm-up, non-negative
     */
    @JsonCreator
    public CosineScheduler(
            @JsonProperty("maxUpdate") int maxUpdate,
            @JsonProperty("baseLr") double baseLr,
            @JsonProperty("finalLr") double finalLr,
            @JsonProperty("warmupSteps") int warmupSteps,
            @JsonProperty("warmupBeginLr") double warmupBeginLr) {
        if (warmupSteps < 0
                || maxUpdate <= warmupSteps
                || !(baseLr > 0 && Double.isFinite(baseLr))
                || !(finalLr >= 0 && Double.isFinite(finalLr))
                || !(warmupBeginLr >= 0 && Double.isFinite(warmupBeginLr))) {
            throw new IllegalArgumentException("CosineScheduler: need maxUpdate > warmupSteps >= 0, baseLr > 0,"
                    + " finalLr >= 0 and warmupBeginLr >= 0, got maxUpdate=" + maxUpdate + ", baseLr=" + baseLr
                    + ", finalLr=" + finalLr + ", warmupSteps=" + warmupSteps + ", warmupBeginLr="
                    + warmupBeginLr);
        }
        this.maxUpdate = maxUpdate;
        this.baseLr = baseLr;
        this.finalLr = finalLr;
        this.warmupSteps = warmupSteps;
        this.warmupBeginLr = warmupBeginLr;
    }

    @Override
    public double valueAt(int iteration, int epoch) {
        if (epoch < warmupSteps) {
            return warmupBeginLr + (baseLr - warmupBeginLr) * epoch / warmupSteps;
        }
        if (epoch <= maxUpdate) {
            double progress = (double) (epoch - warmupSteps) / (maxUpdate - warmupSteps);
            return finalLr + (baseLr - finalLr) * (1 + Math.cos(Math.PI * progress)) / 2;
        }
        return finalLr;
    }

    @Override
    public ISchedule clone() {
        return new CosineScheduler(maxUpdate, baseLr, finalLr, warmupSteps, warmupBeginLr);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CosineScheduler c
                && maxUpdate == c.maxUpdate
                && Double.compare(baseLr, c.baseLr) == 0
                && Double.compare(finalLr, c.finalLr) == 0
                && warmupSteps == c.warmupSteps
                && Double.compare(warmupBeginLr, c.warmupBeginLr) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(maxUpdate, baseLr, finalLr, warmupSteps, warmupBeginLr);
    }

    @Override
    public String toString() {
        return "CosineScheduler(maxUpdate=" + maxUpdate + ", baseLr=" + baseLr + ", finalLr=" + finalLr
                + ", warmupSteps=" + warmupSteps + ", warmupBeginLr=" + warmupBeginLr + ")";
    }
}
