package io.github.d2l4j.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.d2l4j.ch11.Adadelta;
import io.github.d2l4j.ch11.Adagrad;
import io.github.d2l4j.ch11.Adam;
import io.github.d2l4j.ch11.Momentum;
import io.github.d2l4j.ch11.Rmsprop;
import io.github.d2l4j.common.testing.BookThresholds;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tier 1 of 11.6-11.10 on the real airfoil data, each section run as {@code ./d2l run 11.x} runs it, at the
 * book's settings (batch 10; the scratch optimisers 2 epochs, the concise DL4J updaters 4): every final loss
 * between the least-squares floor 0.2417 and 0.26 ({@link BookThresholds#AIRFOIL_MIN_LOSS}, {@link
 * BookThresholds#AIRFOIL_MAX_LOSS}), the band of a converging run; but the two runs at momentum 0.9 whose last
 * evaluation can land on an oscillation, 11.6's scratch (0.01, 0.9) and concise (0.005, 0.9), get 0.27 ({@link
 * BookThresholds#AIRFOIL_MOMENTUM_MAX_LOSS}): the book's PyTorch code itself ends them at up to 0.2597 and 0.2688
 * over 40 seeds ({@code benchmarks/pytorch/airfoil-reference.md}). Seed 42 ends every run below 0.26 (0.2593 the
 * highest, the scratch (0.01, 0.9) run).
 *
 * <p>Cost: about 18 s for the five sections alone (3-4 s each, the plots included; the 2-D traces are
 * unit-tested).
 */
class OptimizersIT {
    @TempDir
    Path out;

    @Test
    void momentum() {
        SectionRun run = SectionRun.of("run", "11.6", "--seed", "42", "--out", out.toString());
        Momentum.Result r = (Momentum.Result) run.result();
        assertThat(r.traces()).hasSize(4);
        assertConverged("scratch momentum (0.02, 0.5)", r.scratchLosses()[0]);
        assertConverged("scratch momentum (0.01, 0.9)", r.scratchLosses()[1], BookThresholds.AIRFOIL_MOMENTUM_MAX_LOSS);
        assertConverged("scratch momentum (0.005, 0.9)", r.scratchLosses()[2]);
        assertConverged("concise heavy-ball momentum", r.conciseLoss(), BookThresholds.AIRFOIL_MOMENTUM_MAX_LOSS);
        assertThat(run.printed("loss_0.005_0.9")).isCloseTo(r.scratchLosses()[2], within(1e-4));
    }

    @Test
    void adagrad() {
        Adagrad.Result r = (Adagrad.Result) run("11.7");
        assertConverged("scratch AdaGrad", r.scratchLoss());
        assertConverged("DL4J AdaGrad", r.conciseLoss());
    }

    @Test
    void rmsprop() {
        Rmsprop.Result r = (Rmsprop.Result) run("11.8");
        assertConverged("scratch RMSProp", r.scratchLoss());
        assertConverged("DL4J RmsProp", r.conciseLoss());
    }

    @Test
    void adadelta() {
        Adadelta.Result r = (Adadelta.Result) run("11.9");
        assertConverged("scratch Adadelta", r.scratchLoss());
        assertConverged("DL4J AdaDelta", r.conciseLoss());
    }

    @Test
    void adam() {
        Adam.Result r = (Adam.Result) run("11.10");
        assertConverged("scratch Adam", r.scratchLoss());
        assertConverged("DL4J Adam", r.conciseLoss());
        assertConverged("scratch Yogi", r.yogiLoss());
    }

    private Object run(String id) {
        return SectionRun.of("run", id, "--seed", "42", "--out", out.resolve(id).toString())
                .result();
    }

    private static void assertConverged(String what, double loss) {
        assertConverged(what, loss, BookThresholds.AIRFOIL_MAX_LOSS);
    }

    private static void assertConverged(String what, double loss, double max) {
        assertThat(loss).as("%s's final loss", what).isBetween(BookThresholds.AIRFOIL_MIN_LOSS - 1e-4, max);
    }
}
