package io.github.d2l4j.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.d2l4j.ch07.BatchNorm;
import io.github.d2l4j.common.testing.BookThresholds;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 7.5 on the full Fashion-MNIST with the book's settings (lr 1.0, batch 256, 10 epochs), both
 * variants in one run as {@code ./d2l run 7.5} does: train loss at most 0.35, train accuracy at
 * least 0.87 and test accuracy at least 0.70 for each (the book prints 0.273 / 0.899 / 0.807 from
 * scratch, 0.267 / 0.902 / 0.708 concise).
 *
 * <p>Cost: about 6 minutes on the 2-core CI machine on a usual day (17 on a slow one); tier 2.
 */
@Tag("book")
@Tag("chapter7")
class BatchNormBookIT {
    @TempDir
    Path out;

    @Test
    void bothVariantsReachTheBooksFigures() throws Exception {
        SectionRun run = SectionRun.of("run", "7.5", "--seed", "42", "--out", out.toString());
        BatchNorm.Result r = (BatchNorm.Result) run.result();
        BookThresholds.assertLeNetBatchNorm(r.scratch());
        BookThresholds.assertLeNetBatchNorm(r.concise());
        SoftmaxRegressionIT.assertSummaryAgrees(run, r.concise());
        assertThat(run.printed("scratch_test_acc"))
                .isEqualTo(Math.round(r.scratch().last().testAcc() * 1e4) / 1e4);
        // the first batch norm's learned scale and shift, one per channel, moved from 1 and 0
        assertThat(r.gamma().length()).isEqualTo(6);
        assertThat(r.gamma().sub(1).amaxNumber().doubleValue()).isGreaterThan(0.05);
        assertThat(r.beta().amaxNumber().doubleValue()).isGreaterThan(0.05);
        assertThat(out.resolve("7.5-scratch.png")).exists();
        assertThat(out.resolve("7.5-concise.png")).exists();
    }
}
