package io.github.d2l4j.ch09;

import io.github.d2l4j.common.rnn.LanguageModelConfig;
import io.github.d2l4j.common.rnn.TrainCh8;
import io.github.d2l4j.common.section.BookSection;
import io.github.d2l4j.common.section.RunOptions;
import io.github.d2l4j.common.section.SectionResult;
import io.github.d2l4j.common.section.Summary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gated recurrent units: a recurrent network whose gates, learned from the data, decide at every
 * step how much of the state to reset and how much to keep, so that it can carry information over
 * long spans and forget it when it stops mattering. The page builds the model twice on <i>The Time
 * Machine</i>, 500 epochs at learning rate 1 with 256 hidden units: from scratch ({@link
 * GruScratch}) and with the framework's layer ({@link GruConcise}); this section runs both, in the
 * page's order.
 *
 * <p>D2L 9.1, Gated Recurrent Units (GRU).
 */
@BookSection(
        id = "9.1",
        title = "Gated Recurrent Units (GRU)",
        page = "https://zh.d2l.ai/chapter_recurrent-modern/gru.html")
public final class Gru {
    private static final Logger LOG = LoggerFactory.getLogger(Gru.class);

    /** The two halves' settings, from the same options. */
    public record Config(LanguageModelConfig scratch, LanguageModelConfig concise) {
        public static Config from(RunOptions o) {
            LanguageModelConfig book = LanguageModelConfig.book(o, 1); // the book's lr, for the mean loss per token
            return new Config(book, book);
        }
    }

    /**
     * The result line: the concise run's fields as they are ({@code perplexity}, {@code
     * tokens_per_sec}, {@code sec_per_epoch}, {@code plot}), the scratch run's prefixed {@code
     * scratch_}.
     */
    public record Result(TrainCh8.Result scratch, TrainCh8.Result concise) implements SectionResult {
        @Override
        public Summary summary() {
            return scratch.addTo(concise.summary(), "scratch_");
        }
    }

    public static Result run(Config c) {
        LOG.info("-- from scratch (SameDiff) --");
        TrainCh8.Result scratch = GruScratch.run(c.scratch());
        LOG.info("-- concise (DL4J, TbpttGru) --");
        TrainCh8.Result concise = GruConcise.run(c.concise());
        return new Result(scratch, concise);
    }
}
