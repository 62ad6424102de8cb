package io.github.d2l4j.common.train;

import io.github.d2l4j.common.section.SectionResult;
import io.github.d2l4j.common.section.Summary;

/**
 * A section's result that holds a training run and more (the book's toy values, predictions):
 * its summary line is the training run's. A record with a {@code TrainCh3.Result training}
 * component implements it with no code of its own.
 */
public interface TrainedResult extends SectionResult {
    TrainCh3.Result training();

    @Override
    default Summary summary() {
        return training().summary();
    }
}
