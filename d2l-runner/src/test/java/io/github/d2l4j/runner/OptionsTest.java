package io.github.d2l4j.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
