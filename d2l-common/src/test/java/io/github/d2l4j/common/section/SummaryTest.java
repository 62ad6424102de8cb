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

    /** A path with spaces, quotes or backslashes stands as it is, quoted, and parses back. */
    @Test
    void valuesWithSpacesAreQuotedNotRewritten() {
        String line = Summary.of()
                .add("plot", "my plots/3.7 train.png")
                .add("odd", "say \"hi\" \\ bye")
                .add("epochs", 3)
                .line("3.7");
        assertThat(line)
                .isEqualTo(
                        "result section=3.7 plot=\"my plots/3.7 train.png\" odd=\"say \\\"hi\\\" \\\\ bye\" epochs=3");
        assertThat(Summary.parse(line))
                .containsEntry("plot", "my plots/3.7 train.png")
                .containsEntry("odd", "say \"hi\" \\ bye")
                .containsEntry("epochs", "3");
        assertThatThrownBy(() -> Summary.parse("result plot=\"open")).hasMessageContaining("unterminated quote");
    }

    @Test
    void keysAreSingleWords() {
        assertThatThrownBy(() -> Summary.of().add("train loss", 1)).hasMessageContaining("single words");
        assertThatThrownBy(() -> Summary.parse("epochs=3")).hasMessageContaining("not a summary line");
    }
}
