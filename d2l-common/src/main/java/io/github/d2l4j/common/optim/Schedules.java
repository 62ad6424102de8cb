package io.github.d2l4j.common.optim;

import java.util.Arrays;
import org.nd4j.linalg.schedule.FixedSchedule;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.linalg.schedule.MapSchedule;
import org.nd4j.linalg.schedule.ScheduleType;

/**
 * Small helpers for §11.11's schedules on DL4J.
 *
 * <p>Defined in D2L §11.11.
 */
public final class Schedules {

    private Schedules() {}

    /**
     * PyTorch's {@code MultiStepLR(milestones, gamma)} on an optimiser with lr {@code baseLr}, as DL4J's
     * own {@link MapSchedule} over epochs: baseLr * gamma^(number of milestones &lt;= epoch).
     *
     * <p>Trap 15: the book's §11.11 plots this schedule by calling {@code trainer.step()} and {@code
     * scheduler.step()} 30 times on the very optimiser it then trains with, so training starts at
     * lr 0.5 * 0.5^2 = 0.125 with no milestone left, and the "multi-factor" run trains at a constant
     * 0.125. {@link #booksMultiStepTrainingRate} gives that schedule.
     *
     * @param baseLr the optimiser's lr, positive
     * @param gamma the factor at each milestone, in (0, 1]
     * @param milestones epochs, positive and strictly increasing
     * @return the schedule (type EPOCH)
     */
    public static MapSchedule multiStepLr(double baseLr, double gamma, int... milestones) {
        if (!(baseLr > 0 && Double.isFinite(baseLr)) || !(gamma > 0 && gamma <= 1) || milestones.length == 0) {
            throw new IllegalArgumentException(
                    "multiStepLr: need baseLr > 0, 0 < gamma <= 1 and milestones, got baseLr=" + baseLr + ", gamma="
                            + gamma + ", milestones=" + Arrays.toString(milestones));
        }
        MapSchedule.Builder b = new MapSchedule.Builder(ScheduleType.EPOCH).add(0, baseLr);
        double lr = baseLr;
        int previous = 0;
        for (int m : milestones) {
            if (m <= previous) {
                throw new IllegalArgumentException("multiStepLr: milestones must be positive and strictly increasing,"
                        + " got " + Arrays.toString(milestones));
            }
            lr *= gamma;
            b.add(m, lr);
            previous = m;
        }
        return b.build();
    }

    /**
     * What the book's §11.11 multi-step run really trains with (trap 15): the schedule's value after the
     * plotting loop's {@code plottedSteps} calls of {@code scheduler.step()}, held constant, because the
     * book's milestones (15, 30) all lie within the 30 plotted steps.
     *
     * @param schedule the multi-step schedule, e.g. {@code multiStepLr(0.5, 0.5, 15, 30)}
     * @param plottedSteps how many times the book stepped it before training (30)
     * @return a constant schedule (0.125 for the book's settings)
     */
    public static FixedSchedule booksMultiStepTrainingRate(ISchedule schedule, int plottedSteps) {
        if (schedule == null || plottedSteps < 0) {
            throw new IllegalArgumentException("booksMultiStepTrainingRate: need a schedule and plottedSteps >= 0,"
                    + " got " + schedule + ", " + plottedSteps);
        }
        return new FixedSchedule(schedule.valueAt(0, plottedSteps));
    }

    /**
     * The book's custom-scheduler training loop (trap 15): epoch 0 at {@code initialLr}, epoch k at
     * {@code schedule(k - 1)}.
     *
     * @param schedule the book's scheduler, as a function of the epoch
     * @param initialLr the optimiser's lr before any call, positive
     * @return the lagged schedule
     */
    public static EpochLaggedSchedule afterEachEpoch(ISchedule schedule, double initialLr) {
        return new EpochLaggedSchedule(schedule, initialLr);
    }
}
