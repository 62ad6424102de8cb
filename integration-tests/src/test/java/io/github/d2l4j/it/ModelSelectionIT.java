package io.github.d2l4j.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.d2l4j.ch04.UnderfitOverfit;
import io.github.d2l4j.ch04.WeightDecay;
import io.github.d2l4j.common.testing.BookThresholds;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 4.4 and 4.5 with the book's settings and thresholds.
 *
 * <p>Cost: 4.5 about 11 seconds on the 2-core CI machine, tier 1. 4.4 about 38 s (23,000 steps of
 * batch 10 on synthetic data: 400 epochs each for the cubic and linear fits, 1,500 for the degree-20
 * one, at about 1.6 ms a step, DL4J's fixed cost per step), so it runs under {@code -Pbook}
 * (chapter 4): with it, tier 1's share of chapter 4 was 122 s of the 90 allowed. Its data are made
 * by the section, not read from a file, and {@code UnderfitOverfitTest} covers the same code (the
 * cubic and linear fits, 60 epochs) in the unit tests.
 */
class ModelSelectionIT {
    @TempDir
    Path out;

    @Test
    @Tag("book")
    @Tag("chapter4")
    void cubicFitRecoversTheWeightsAndDegree20Overfits() {
        SectionRun run = SectionRun.of("run", "4.4", "--seed", "42", "--out", out.toString());
        UnderfitOverfit.Result r = (UnderfitOverfit.Result) run.result();
        for (int i = 0; i < 4; i++) {
            assertThat(r.cubic().weights()[i])
                    .as("w[%d]", i)
                    .isCloseTo(UnderfitOverfit.TRUE_W[i], within(BookThresholds.POLYNOMIAL_MAX_WEIGHT_ERROR));
        }
        assertThat(r.linear().testLoss()).isGreaterThan(10 * r.cubic().testLoss()); // underfitting
        assertThat(r.full().testLoss()).isGreaterThan(r.full().trainLoss()); // overfitting
        assertThat(run.summary().get("cubic_w"))
                .startsWith(String.format("%.3f", r.cubic().weights()[0]));
    }

    @Test
    void weightDecayShrinksTheNorm() {
        SectionRun run = SectionRun.of("run", "4.5", "--seed", "42", "--out", out.toString());
        WeightDecay.Result r = (WeightDecay.Result) run.result();
        assertThat(r.scratch().get(0).wNorm()).isGreaterThanOrEqualTo(BookThresholds.WEIGHT_DECAY_MIN_NORM_LAMBDA0);
        assertThat(r.scratch().get(1).wNorm()).isLessThanOrEqualTo(BookThresholds.WEIGHT_DECAY_MAX_NORM_LAMBDA3);
        assertThat(r.concise().get(0).wNorm()).isGreaterThanOrEqualTo(BookThresholds.WEIGHT_DECAY_MIN_NORM_LAMBDA0);
        assertThat(r.concise().get(1).wNorm()).isLessThanOrEqualTo(BookThresholds.WEIGHT_DECAY_MAX_NORM_LAMBDA3);
        assertThat(run.printed("scratch_norm_w_lambda3"))
                .isCloseTo(r.scratch().get(1).wNorm(), within(5e-5));
    }
}
