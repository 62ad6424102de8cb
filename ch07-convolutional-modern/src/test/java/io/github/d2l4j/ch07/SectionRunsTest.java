package io.github.d2l4j.ch07;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.d2l4j.common.section.RunOptions;
import io.github.d2l4j.common.section.Section;
import io.github.d2l4j.common.section.SectionResult;
import io.github.d2l4j.common.testing.TinyFashionMnist;
import io.github.d2l4j.common.train.TrainCh3;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each section runs end to end on tiny Fashion-MNIST files, at its smallest input size. */
@ExtendWith(TinyFashionMnist.class)
class SectionRunsTest {
    @TempDir
    Path out;

    private RunOptions options(int resize, Integer trainSize) {
        return new RunOptions(1, 64, null, 1L, out, resize, trainSize);
    }

    private static <C> SectionResult run(Section<C> section, RunOptions o) {
        return section.run().apply(section.config().apply(o));
    }

    /**
     * @param plateau whether the network is one without batch norm, which sits on the loss plateau
     *     at ln 10 (a uniform guess) for its first few hundred steps in PyTorch (ModernCnnBookIT): two
     *     steps from the book's initialisation at the book's rate must leave it there, where a wrong
     *     initialisation, scale or loss would not. The batch-norm ResNet can jump well above it in
     *     its first steps (5.6 here), and its learning is ModernCnnIT's.
     */
    @ParameterizedTest(name = "{0} at {1}")
    @CsvSource({"7.1, 65, true", "7.2, 32, true", "7.3, 67, true", "7.4, 32, true", "7.6, 32, false", "7.7, 32, false"})
    void aNetworkSectionTrainsOnTheFirstExamplesAtItsSmallestSize(String id, int resize, boolean plateau) {
        var section = new Ch07Sections()
                .sections().stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow();
        var r = (ModernCnns.Result) run(section, options(resize, 128));
        TrainCh3.Result t = r.trained();
        assertThat(t.epochs()).hasSize(1);
        assertThat(t.last().trainLoss()).isFinite().isPositive();
        if (plateau) { // 2.304-2.309 for the four
            assertThat(t.last().trainLoss()).isBetween(Math.log(10) - 0.1, Math.log(10) + 0.1);
        }
        // 128 examples: two steps of 64
        assertThat(t.examplesPerSec() * t.secPerEpoch()).isCloseTo(128, org.assertj.core.api.Assertions.within(1.0));
        assertThat(r.shapes().get(r.shapes().size() - 1).shape()).containsExactly(1, 10);
        assertThat(r.summary().toString()).contains("params=" + r.params(), "test_acc=");
        assertThat(t.plot()).exists().hasParent(out);
    }

    @Test
    void batchNormTrainsBothVariantsAndKeepsGammaAndBeta() {
        BatchNorm.Result r = BatchNorm.run(BatchNorm.Config.from(new RunOptions(1, 64, null, 1L, out, null, null)));
        assertThat(r.scratch().epochs()).hasSize(1);
        assertThat(r.concise().epochs()).hasSize(1);
        assertThat(r.gamma().shape()).containsExactly(6);
        assertThat(r.beta().shape()).containsExactly(6);
        assertThat(r.gamma().sub(1).amaxNumber().doubleValue())
                .as("gamma learned")
                .isPositive();
        assertThat(out.resolve("7.5-scratch.png")).exists();
        assertThat(out.resolve("7.5-concise.png")).exists();
    }

    /** The input of one batch, in long arithmetic, against the allocation limit: no overflow. */
    @Test
    void aBatchWhoseInputCannotFitIsRefused() {
        assertThatThrownBy(() -> ModernCnns.requireInputFits(Integer.MAX_VALUE, 896, 3L << 30))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a batch of 2147483647 images of 896x896 needs 6896136.9 GB for its input alone, more than"
                        + " ND4J may allocate (3.2 GB): use a smaller --batch-size or --resize");
        ModernCnns.requireInputFits(128, 896, 3L << 30); // 0.4 GB: fits
        assertThatThrownBy(() -> new ModernCnns.Config(60_000, 0.1, 1, 896, null, 1, out))
                .hasMessageStartingWith("a batch of 60000 images of 896x896 needs 192.7 GB");
    }

    @Test
    void aSizeTooSmallOrATrainSizeTooLargeIsAClearError() {
        assertThatThrownBy(() -> AlexNet.run(AlexNet.config(options(64, null))))
                .hasMessage("AlexNet needs inputs of at least 65x65, got 64");
        assertThatThrownBy(() -> AlexNet.config(options(Integer.MAX_VALUE, 10)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--resize must be at most 896 (four times the book's largest input, 224x224), got "
                        + Integer.MAX_VALUE);
        assertThatThrownBy(() -> Vgg.config(options(897, 10))).hasMessageStartingWith("--resize must be at most 896");
        assertThat(AlexNet.config(options(896, 10)).resize()).isEqualTo(896); // the cap itself is allowed
        assertThatThrownBy(() -> Nin.run(Nin.config(options(67, 601))))
                .hasMessage("train size must be between 1 and 600 (the examples there are), got 601");
    }
}
