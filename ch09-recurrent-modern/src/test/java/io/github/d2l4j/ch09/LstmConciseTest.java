package io.github.d2l4j.ch09;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.d2l4j.common.rnn.LanguageModelConfig;
import io.github.d2l4j.common.rnn.RNNModel;
import io.github.d2l4j.common.rnn.TbpttLstm;
import io.github.d2l4j.common.rnn.TrainCh8;
import io.github.d2l4j.common.section.RunOptions;
import io.github.d2l4j.common.testing.Pangrams;
import java.nio.file.Path;
import java.util.Comparator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** 9.2's concise half: the book's settings, parameter counts, a short run on a generated text. */
class LstmConciseTest {

    @Test
    void theBooksSettings() {
        LanguageModelConfig c = Lstm.Config.from(RunOptions.none()).concise();
        assertThat(c.lines()).isNull();
        assertThat(c.batchSize()).isEqualTo(32);
        assertThat(c.numSteps()).isEqualTo(35);
        assertThat(c.numHiddens()).isEqualTo(256);
        assertThat(c.lr()).isEqualTo(1);
        assertThat(c.numEpochs()).isEqualTo(500);
    }

    @Test
    void theBooksModelHasPytorchsCountLessOneBias() {
        RNNModel net = LstmConcise.model(28, 256, 1, 42);
        assertThat(net.net().getLayer(0).conf().getLayer()).isInstanceOf(TbpttLstm.class);
        assertThat(net.net().numParams()).isEqualTo(299_036); // 4*256*(28+256+1) + 256*28 + 28
    }

    @Test
    void aShortRunOnAGeneratedText(@TempDir Path out) {
        LanguageModelConfig c = new LanguageModelConfig(Pangrams.lines(60, 1), 8, 35, 32, 1, 3, 42, out);
        LstmConcise.Result r = LstmConcise.run(c);
        assertThat(r.dl4jParams()).isEqualTo(4 * 32 * (28 + 32 + 1) + 32 * 28 + 28);
        assertThat(r.torchParams()).isEqualTo(r.dl4jParams() + 4 * 32);
        assertThat(r.training().epochs()).hasSize(3);
        // 25.3, 21.6, 20.5 with seed 42 (19.9 at epoch 4: the text's character frequencies are near)
        assertThat(r.training().perplexity())
                .as("below the 28 of a uniform guess")
                .isLessThan(22);
        assertThat(r.training().epochs())
                .extracting(TrainCh8.Epoch::perplexity)
                .as("falling every epoch")
                .isSortedAccordingTo(Comparator.reverseOrder());
        assertThat(r.training().timeTraveller()).startsWith("time traveller");
        assertThat(r.summary().toString()).contains("params");
        assertThat(out.resolve("9.2-concise-train.png")).isRegularFile();
    }
}
