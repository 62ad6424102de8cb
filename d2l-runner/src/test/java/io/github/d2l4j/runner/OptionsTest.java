package io.github.d2l4j.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.d2l4j.common.section.RunOptions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import org.junit.jupiter.api.Test;

class OptionsTest {

    @Test
    void optionsAreValidated() {
        assertThat(Options.parse("--epochs", "3", "--lr", "0.5").runOptions().epochs(10))
                .isEqualTo(3);
        assertThat(Options.parse().runOptions().lr(0.1)).isEqualTo(0.1);
        assertThatThrownBy(() -> Options.parse("--batch-size", "0"))
                .hasMessageContaining("--batch-size must be positive");
        assertThatThrownBy(() -> Options.parse("--lr", "-1"))
                .hasMessageContaining("--lr must be a positive, finite number");
        assertThatThrownBy(() -> Options.parse("--epochs", "0")).hasMessageContaining("--epochs must be positive");
        RunOptions sized =
                Options.parse("--resize", "65", "--train-size", "5000").runOptions();
        assertThat(sized.resize(224)).isEqualTo(65);
        assertThat(sized.trainSize()).isEqualTo(5000);
        assertThat(Options.parse().runOptions().resize(224)).isEqualTo(224);
        assertThat(Options.parse().runOptions().trainSize()).isNull();
        assertThatThrownBy(() -> Options.parse("--resize", "0")).hasMessageContaining("--resize must be positive");
        assertThatThrownBy(() -> Options.parse("--train-size", "-5"))
                .hasMessageContaining("--train-size must be positive");
        assertThat(Options.parse("--workers", "2").runOptions().workers()).isEqualTo(2);
        assertThat(Options.parse().runOptions().workers()).isNull();
        assertThatThrownBy(() -> Options.parse("--workers", "0"))
                .hasMessageContaining("--workers must be positive, got 0");
        assertThatThrownBy(() -> Options.parse("--bogus"))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("Unknown option");
    }

    @Test
    void quietStdoutDropsOnlySameDiffsNoise() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        QuietStdout out = new QuietStdout(new PrintStream(bytes));
        out.println("Added differentiated op softmax");
        out.println("epoch 1, train loss 0.5");
        out.println("result section=3.6");
        assertThat(bytes.toString())
                .isEqualTo("epoch 1, train loss 0.5" + System.lineSeparator() + "result section=3.6"
                        + System.lineSeparator());
    }
}
