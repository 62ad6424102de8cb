package io.github.d2l4j.common.section;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SummaryTest {

    @Test
    void formatsAndParsesBack() {
        String line = Summary.of()
                .add("epochs", 10)
                .add("train_loss", 0.44712)
                .add("loss", 5.1e-5)
                .add("plot", "target/plots/3.7-train.png")
                .line("3.7");
        assertThat(line)
                .isEqualTo(
                        "result section=3.7 epochs=10 train_loss=0.4471 loss=5.100e-05 plot=target/plots/3.7-train.png");
        assertThat(Summary.parse(line)).containsEntry("train_loss", "0.4471").containsEntry("section", "3.7");
    }

    @Test
    void keysAreSingleWords() {
        assertThatThrownBy(() -> Summary.of().add("train loss", 1)).hasMessageContaining("single words");
        assertThatThrownBy(() -> Summary.parse("epochs=3")).hasMessageContaining("not a summary line");
    }
}
