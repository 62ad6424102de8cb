package io.github.d2l4j.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.d2l4j.ch04.Dropout;
import io.github.d2l4j.ch04.MlpScratch;
import io.github.d2l4j.common.testing.BookThresholds;
import io.github.d2l4j.common.train.TrainCh3;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 4.2, 4.3 and 4.6 on the full Fashion-MNIST with the book's settings: the book's {@code
 * train_ch3} assertions and test accuracy >= 0.82 (PyTorch on this machine: 0.821 for 4.3).
 */
class MlpIT {
    @TempDir
    Path out;

    static void assertThresholds(TrainCh3.Result t) {
        BookThresholds.assertFashionMnistClassifier(t);
    }

    @Test
    void scratchMlp() throws Exception {
        SectionRun run = SectionRun.of("run", "4.2", "--seed", "42", "--out", out.toString());
        TrainCh3.Result t = ((MlpScratch.Result) run.result()).training();
        assertThresholds(t);
        SoftmaxRegressionIT.assertSummaryAgrees(run, t);
    }

    @Test
    void conciseMlp() throws Exception {
        SectionRun run = SectionRun.of("run", "4.3", "--seed", "42", "--out", out.toString());
        TrainCh3.Result t = (TrainCh3.Result) run.result();
        assertThresholds(t);
        SoftmaxRegressionIT.assertSummaryAgrees(run, t);
    }

    @Test
    void dropoutScratchAndConcise() throws Exception {
        SectionRun run = SectionRun.of("run", "4.6", "--seed", "42", "--out", out.toString());
        Dropout.Result r = (Dropout.Result) run.result();
        assertThresholds(r.scratch());
        assertThresholds(r.concise());
        SoftmaxRegressionIT.assertSummaryAgrees(run, r.scratch());
        assertThat(run.printed("concise_test_acc"))
                .isEqualTo(Math.round(r.concise().last().testAcc() * 1e4) / 1e4);
    }
}
