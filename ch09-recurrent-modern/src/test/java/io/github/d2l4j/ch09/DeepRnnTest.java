package io.github.d2l4j.ch09;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.d2l4j.common.rnn.LanguageModelConfig;
import io.github.d2l4j.common.rnn.RNNModel;
import io.github.d2l4j.common.rnn.TbpttLstm;
import io.github.d2l4j.common.section.RunOptions;
import io.github.d2l4j.common.testing.Pangrams;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** 9.3: the book's settings, its 826,396 parameters, a short run on a generated text. */
class DeepRnnTest {

    @Test
    void theBooksSettings() {
        DeepRnn.Config c = DeepRnn.Config.from(RunOptions.none());
        assertThat(c.lm().lines()).isNull();
        assertThat(c.lm().batchSize()).isEqualTo(32);
        assertThat(c.lm().numSteps()).isEqualTo(35);
        assertThat(c.lm().numHiddens()).isEqualTo(256);
        assertThat(c.numLayers()).isEqualTo(2);
        assertThat(c.lm().lr()).as("the book's lr * 1.0 with lr = 2").isEqualTo(2);
        assertThat(c.lm().numEpochs()).isEqualTo(500);
    }

    @Test
    void twoStackedLstmLayersWithTheBooksCount() {
        RNNModel net = DeepRnn.model(28, 256, 2, 2, 42);
        assertThat(net.net().getnLayers()).isEqualTo(3); // two LSTMs, the output layer
        assertThat(net.net().getLayer(1).conf().getLayer()).isInstanceOf(TbpttLstm.class);
        assertThat(net.net().getLayer(1).getParam("W").shape()).containsExactly(256, 1024);
        // 4*256*(28+256+1) + 4*256*(256+256+1) + 256*28 + 28, and one more bias of 4*256 per layer
        assertThat(net.net().numParams()).isEqualTo(824_348);
        assertThat(net.net().numParams() + 2 * 4 * 256).isEqualTo(826_396);
    }

    @Test
    void aShortRunOnAGeneratedText(@TempDir Path out) {
        DeepRnn.Config c =
                new DeepRnn.Config(new LanguageModelConfig(Pangrams.lines(60, 1), 8, 35, 32, 2, 3, 42, out), 2);
        DeepRnn.Result r = DeepRnn.run(c);
        assertThat(r.torchParams()).isEqualTo(r.dl4jParams() + 2 * 4 * 32);
        assertThat(r.training().epochs()).hasSize(3);
        assertThat(r.training().perplexity())
                .as("below the 28 of a uniform guess")
                .isLessThan(25);
        assertThat(out.resolve("9.3-train.png")).isRegularFile();
    }

    @Test
    void noLayersAreRefusedBeforeAnyWork() {
        assertThatThrownBy(() -> new DeepRnn.Config(LanguageModelConfig.book(RunOptions.none(), 2), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("layers");
    }
}
