package io.github.d2l4j.common.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import org.junit.jupiter.api.Test;

class SummaryTest {

    @Test
    void formatsAndParsesBack() {
        String line = Summary.of("3.7").add("epochs", 10).add("train_loss", 0.44712).add("loss", 5.1e-5)
                .add("plot", "target/plots/3.7-train.png").toString();
        assertThat(line).isEqualTo(
                "result section=3.7 epochs=10 train_loss=0.4471 loss=5.100e-05 plot=target/plots/3.7-train.png");
        assertThat(Summary.parse(line)).containsEntry("train_loss", "0.4471").containsEntry("section", "3.7");
    }

    @Test
    void optionsAreValidated() {
        assertThat(RunOptions.parse("--epochs", "3", "--lr", "0.5").epochs(10)).isEqualTo(3);
        assertThat(RunOptions.parse().lr(0.1)).isEqualTo(0.1);
        assertThatThrownBy(() -> RunOptions.parse("--batch-size", "0")).hasMessageContaining("--batch-size must be positive");
        assertThatThrownBy(() -> RunOptions.parse("--lr", "-1")).hasMessageContaining("--lr must be positive");
        assertThatThrownBy(() -> RunOptions.parse("--epochs", "0")).hasMessageContaining("--epochs must be positive");
        assertThatThrownBy(() -> RunOptions.parse("--bogus")).hasMessageContaining("Unknown option");
    }

    @Test
    void unknownSectionExitsWithStatus2() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Runner.execute(new String[] {"run", "9.99"}, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err));
        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).contains("unknown section '9.99'");
    }

    @Test
    void quietStdoutDropsOnlySameDiffsNoise() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        QuietStdout out = new QuietStdout(new PrintStream(bytes));
        out.println("Added differentiated op softmax");
        out.println("epoch 1, train loss 0.5");
        out.println("result section=3.6");
        assertThat(bytes.toString()).isEqualTo("epoch 1, train loss 0.5" + System.lineSeparator()
                + "result section=3.6" + System.lineSeparator());
    }
}
