package io.github.d2l4j.ch03;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.d2l4j.common.run.Runner;
import io.github.d2l4j.common.run.Section;
import io.github.d2l4j.common.run.Summary;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Ch03SectionsTest {
    @TempDir Path out;

    @Test
    void everySectionIsListedInBookOrder() {
        assertThat(Runner.sections().stream().map(Section::id).filter(id -> id.startsWith("3.")))
                .containsExactly("3.1", "3.2", "3.3", "3.4", "3.5", "3.6", "3.7");
    }

    @Test
    void runPrintsTheSummaryLineAndBadOptionsExitWith2() {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        int ok = Runner.execute(new String[] {"run", "3.2", "--epochs", "2", "--out", out.toString()},
                new PrintStream(stdout), new PrintStream(stderr));
        assertThat(ok).isZero();
        String line = stdout.toString().strip();
        assertThat(Summary.parse(line)).containsEntry("section", "3.2").containsEntry("epochs", "2");

        int bad = Runner.execute(new String[] {"run", "3.6", "--lr", "0"}, new PrintStream(stdout),
                new PrintStream(stderr));
        assertThat(bad).isEqualTo(2);
        assertThat(stderr.toString()).contains("--lr must be positive");
    }
}
