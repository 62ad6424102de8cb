package io.github.d2l4j.common.rnn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.d2l4j.common.data.SeqDataLoader;
import io.github.d2l4j.common.data.TimeMachine;
import io.github.d2l4j.common.section.RunOptions;
import io.github.d2l4j.common.testing.Pangrams;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The book's train_ch8 settings: the defaults, the options' overrides, bad values, the data. */
class LanguageModelConfigTest {

    @Test
    void theBooksSettingsWithThePagesLearningRate() {
        LanguageModelConfig c = LanguageModelConfig.book(RunOptions.none(), 2);
        assertThat(c).isEqualTo(new LanguageModelConfig(null, 32, 35, 256, 2, 500, 42, RunOptions.DEFAULT_OUT));
    }

    @Test
    void theOptionsOverrideTheBooksValues(@TempDir Path out) {
        RunOptions o = new RunOptions(7, 16, 0.5, 3L, out, null, null);
        LanguageModelConfig c = LanguageModelConfig.book(o, 1);
        assertThat(c).isEqualTo(new LanguageModelConfig(null, 16, 35, 256, 0.5, 7, 3, out));
    }

    @Test
    void badSettingsAreRefusedBeforeAnyWork(@TempDir Path out) {
        assertThatThrownBy(() -> new LanguageModelConfig(null, 32, 35, 0, 1, 1, 42, out))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("number of hidden units must be positive, got 0");
        assertThatThrownBy(() -> new LanguageModelConfig(null, 1000, 35, 256, 1, 1, 42, out))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("batchSize 1000 and numSteps 35 are too large");
        assertThatThrownBy(() -> new LanguageModelConfig(null, 32, 35, 256, -1, 1, 42, out))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("learning rate");
        assertThatThrownBy(() -> new LanguageModelConfig(null, 32, 0, 256, 1, 1, 42, out))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("number of steps");
    }

    @Test
    void theLinesAreCopiedAndLoadedInSequentialMinibatches(@TempDir Path out) {
        List<String> lines = new ArrayList<>(Pangrams.lines(40, 1));
        LanguageModelConfig c = new LanguageModelConfig(lines, 4, 10, 8, 1, 1, 42, out);
        lines.clear();
        assertThat(c.lines()).isNotEmpty();
        TimeMachine.Data data = c.loadData();
        assertThat(data.trainIter().useRandomIter()).isFalse();
        SeqDataLoader.Batch first = data.trainIter().iterator().next();
        assertThat(first.X().shape()).containsExactly(4, 10);
        assertThat(data.vocab().size()).isEqualTo(28); // 26 letters, space, <unk>
    }
}
