package io.github.d2l4j.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.d2l4j.ch04.Dropout;
import io.github.d2l4j.ch04.MlpScratch;
import io.github.d2l4j.common.train.TrainCh3;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * 4.2, 4.3 and 4.6 on the full Fashion-MNIST with the book's settings, 10 epochs each: the book's
 * {@code train_ch3} assertions and test accuracy >= 0.82 (PyTorch on this machine: 0.821 for 4.3).
 * Tier 2: together about 60 s on a usual day and twice that on a slow one, more than chapter 4's
 * 90 seconds of tier 1 can hold beside 4.4, 4.5 and 4.10; tier 1 runs them for 3 and 2 epochs
 * against the book's PyTorch code ({@link MlpIT}).
 *
 * <p>Cost: about 60 seconds on the 2-core CI machine on a usual day; tier 2.
 */
@Tag("book")
@Tag("chapter4")
class MlpBookIT {
    @TempDir
    Path out;

    /** 4.2 (scratch, whose result also holds the book's printed values) and 4.3 (concise). */
    @ParameterizedTest
    @ValueSource(strings = {"4.2", "4.3"})
    void mlpReachesTheBooksThresholds(String id) throws Exception {
        SectionRun run = SectionRun.of("run", id, "--seed", "42", "--out", out.toString());
        TrainCh3.Result t = run.result() instanceof MlpScratch.Result r ? r.training() : (TrainCh3.Result) run.result();
        MlpIT.assertThresholds(t);
        SoftmaxRegressionIT.assertSummaryAgrees(run, t);
    }

    @Test
    void dropoutScratchAndConcise() throws Exception {
        SectionRun run = SectionRun.of("run", "4.6", "--seed", "42", "--out", out.toString());
        Dropout.Result r = (Dropout.Result) run.result();
        MlpIT.assertThresholds(r.scratch());
        MlpIT.assertThresholds(r.concise());
        SoftmaxRegressionIT.assertSummaryAgrees(run, r.scratch());
        assertThat(run.printed("concise_test_acc"))
                .isEqualTo(Math.round(r.concise().last().testAcc() * 1e4) / 1e4);
    }
}
