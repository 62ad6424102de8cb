package io.github.d2l4j.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.d2l4j.ch04.Dropout;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 4.6 on the full Fashion-MNIST with the book's settings (dropout 0.2 and 0.5, lr 0.5, batch 256,
 * 10 epochs), both variants: the book's {@code train_ch3} assertions and test accuracy at least
 * 0.82. Tier 2: the two 10-epoch runs take about 35 s, which chapter 4's 90 seconds of tier 1
 * cannot hold beside its other sections; tier 1 runs 4.6 for two epochs ({@link MlpIT}).
 *
 * <p>Cost: about 35-50 seconds on the 2-core CI machine.
 */
@Tag("book")
@Tag("chapter4")
class DropoutBookIT {
    @TempDir
    Path out;

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
