package io.github.d2l4j.ch09;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.d2l4j.common.rnn.BiRNNModel;
import io.github.d2l4j.common.rnn.LanguageModelConfig;
import io.github.d2l4j.common.section.RunOptions;
import io.github.d2l4j.common.testing.Pangrams;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** 9.4: the book's settings, its 2,177,052 parameters, the degeneration measure, a short run. */
class BiRnnTest {

    @Test
    void theBooksSettings() {
        BiRnn.Config c = BiRnn.Config.from(RunOptions.none());
        assertThat(c.lm()).isEqualTo(LanguageModelConfig.book(RunOptions.none(), 1));
        assertThat(c.lm().lines()).isNull();
        assertThat(c.lm().lr()).isEqualTo(1);
        assertThat(c.numLayers()).isEqualTo(2);
    }

    @Test
    void theBooksModelAndCount() {
        BiRNNModel net = BiRnn.model(28, 256, 2, 1, 42);
        assertThat(net.torchParamCount()).isEqualTo(2_177_052);
        assertThat(net.graph().getLayer("out").getParam("W").shape()).containsExactly(512, 28); // Linear(512, V)
    }

    @Test
    void distinctTrigramsAreFewInARepeatedPatternAndManyInEnglish() {
        String ererer = "er".repeat(25);
        assertThat(BiRnn.distinctTrigramShare(ererer)).isCloseTo(2.0 / 48, within(1e-12));
        assertThat(BiRnn.distinctTrigramShare("for so it will be convenient to speak of him was e"))
                .isGreaterThan(0.8);
        assertThatThrownBy(() -> BiRnn.distinctTrigramShare("er"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"er\"");
    }

    @Test
    void aShortRunOnAGeneratedText(@TempDir Path out) {
        BiRnn.Config c = new BiRnn.Config(new LanguageModelConfig(Pangrams.lines(60, 1), 8, 35, 16, 1, 2, 42, out), 2);
        BiRnn.Result r = BiRnn.run(c);
        assertThat(r.torchParams()).isEqualTo(r.dl4jParams() + 4 * 4 * 16);
        assertThat(r.training().epochs()).hasSize(2);
        assertThat(r.training().perplexity())
                .as("below the 28 of a uniform guess")
                .isLessThan(28);
        assertThat(r.distinctTrigrams()).isBetween(0.0, 1.0);
        assertThat(r.summary().toString()).contains("distinct_trigrams");
        assertThat(out.resolve("9.4-train.png")).isRegularFile();
    }
}
