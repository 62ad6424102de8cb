package io.github.d2l4j.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.d2l4j.ch03.LinearRegressionConcise;
import io.github.d2l4j.ch03.LinearRegressionScratch;
import io.github.d2l4j.common.testing.BookThresholds;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 3.2 and 3.3 with the book's settings: 1,000 examples, batch 10, lr 0.03, 3 epochs.
 *
 * <p>Cost: about 4 seconds on the 2-core CI machine; tier 1.
 */
class LinearRegressionIT {
    @TempDir
    Path out;

    @Test
    void scratchRecoversTheTrueParameters() {
        SectionRun run = SectionRun.of("run", "3.2", "--seed", "42", "--out", out.toString());
        LinearRegressionScratch.Result r = (LinearRegressionScratch.Result) run.result();
        assertThat(r.losses()).hasSize(3);
        assertThat(r.finalLoss()).isLessThan(BookThresholds.LINEAR_REGRESSION_MAX_LOSS);
        assertThat(r.wError(0)).isCloseTo(0, within(BookThresholds.LINEAR_REGRESSION_MAX_PARAM_ERROR));
        assertThat(r.wError(1)).isCloseTo(0, within(BookThresholds.LINEAR_REGRESSION_MAX_PARAM_ERROR));
        assertThat(r.bError()).isCloseTo(0, within(BookThresholds.LINEAR_REGRESSION_MAX_PARAM_ERROR));
        assertThat(run.printed("loss")).isCloseTo(r.finalLoss(), within(1e-3 * r.finalLoss()));
        assertThat(run.summary()).containsEntry("epochs", "3");
    }

    @Test
    void conciseRecoversTheTrueParameters() {
        SectionRun run = SectionRun.of("run", "3.3", "--seed", "42");
        LinearRegressionConcise.Result r = (LinearRegressionConcise.Result) run.result();
        assertThat(r.finalLoss()).isLessThan(BookThresholds.LINEAR_REGRESSION_MAX_LOSS);
        assertThat(r.wError(0)).isCloseTo(0, within(BookThresholds.LINEAR_REGRESSION_MAX_PARAM_ERROR));
        assertThat(r.wError(1)).isCloseTo(0, within(BookThresholds.LINEAR_REGRESSION_MAX_PARAM_ERROR));
        assertThat(r.bError()).isCloseTo(0, within(BookThresholds.LINEAR_REGRESSION_MAX_PARAM_ERROR));
        assertThat(run.printed("loss")).isCloseTo(r.finalLoss(), within(1e-3 * r.finalLoss()));
    }
}
