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
 * Long short-term memory: besides the hidden state, a memory cell \(C\) that an input gate writes,
 * a forget gate keeps or clears and an output gate reads, so that information can pass many steps
 * without being multiplied away. The page builds the model twice on <i>The Time Machine</i>, 500
 * epochs at learning rate 1 with 256 hidden units: from scratch ({@link LstmScratch}, the state
 * \((H, C)\)) and with the framework's layer ({@link LstmConcise}, DL4J's {@code LSTM} set up as
 * PyTorch's {@code nn.LSTM}); this section runs both, in the page's order.
 *
 * <p>D2L 9.2, Long Short-Term Memory (LSTM).
 */
@BookSection(
        id = "9.2",
        title = "Long Short-Term Memory (LSTM)",
        page = "https://zh.d2l.ai/chapter_recurrent-modern/lstm.html")
public final class Lstm {
    private static final Logger LOG = LoggerFactory.getLogger(Lstm.class);

    /** The two halves' settings, from the same options. */
    public record Config(LanguageModelConfig scratch, LanguageModelConfig concise) {
        public static Config from(RunOptions o) {
            LanguageModelConfig book = LanguageModelConfig.book(o, 1); // the book's lr, for the mean loss per token
            return new Config(book, book);
        }
    }

    /**
     * The result line: the concise run's fields as they are ({@code perplexity}, {@code
     * tokens_per_sec}, {@code sec_per_epoch}, {@code plot}, {@code params}: PyTorch's count), the
     * scratch run's prefixed {@code scratch_}.
     */
    public record Result(TrainCh8.Result scratch, LstmConcise.Result concise) implements SectionResult {
        @Override
        public Summary summary() {
            return scratch.addTo(concise.summary(), "scratch_");
        }
    }

    public static Result run(Config c) {
        LOG.info("-- from scratch (SameDiff) --");
        TrainCh8.Result scratch = LstmScratch.run(c.scratch());
        LOG.info("-- concise (DL4J's LSTM as nn.LSTM, TbpttLstm) --");
        LstmConcise.Result concise = LstmConcise.run(c.concise());
        return new Result(scratch, concise);
    }
}
