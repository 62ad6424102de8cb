package io.github.d2l4j.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.d2l4j.common.testing.IdxFixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keeps RELIABILITY.md's bad-input table true: each row's command runs through the real {@code
 * ./d2l} from a fresh directory, and its exit status and first line must be the ones the table
 * gives.
 *
 * <p>Cost: about 22 seconds on the 2-core CI machine (one ./d2l process per row); tier 1.
 */
class ReliabilityIT {
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @TempDir
    static Path cwd;

    record Row(String name, String command, int exit, String firstLine) {}

    @BeforeAll
    static void fixtures() throws IOException {
        Files.writeString(cwd.resolve("a-file"), "not a directory\n");
        Files.createDirectories(cwd.resolve("empty"));
        IdxFixtures.writeFashionMnist(cwd.resolve("zero"), 0, 0, false, 1);
        Files.createDirectories(cwd.resolve("stale"));
        Files.writeString(cwd.resolve("stale/kaggle_house_pred_train.csv"), "Id,SalePrice\n1,1\n");
    }

    @TestFactory
    List<DynamicTest> everyRowOfTheTableHolds() throws IOException {
        List<Row> rows = rows(Files.readAllLines(ROOT.resolve("RELIABILITY.md")));
        assertThat(rows).hasSizeGreaterThan(15);
        return rows.stream()
                .map(r -> DynamicTest.dynamicTest(r.name(), () -> check(r)))
                .toList();
    }

    static void check(Row row) throws IOException, InterruptedException {
        String d2l = "'" + ROOT.resolve("d2l") + "'";
        Process p = new ProcessBuilder("bash", "-c", row.command().replace("./d2l", d2l))
                .directory(cwd.toFile())
                .start();
        p.getOutputStream().close();
        assertThat(p.waitFor(180, TimeUnit.SECONDS))
                .as("%s ends", row.command())
                .isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        String shown = "$ " + row.command() + "\n" + out + err;
        assertThat(p.exitValue()).as(shown).isEqualTo(row.exit());
        String first = (row.exit() == 0 ? out : err).lines().findFirst().orElse("");
        assertThat(first).as(shown).matches(glob(row.firstLine()));
    }

    /** The rows of the table whose header is {@code | case | command | exit | first line |}. */
    static List<Row> rows(List<String> lines) {
        List<Row> rows = new ArrayList<>();
        boolean inTable = false;
        for (String line : lines) {
            if (line.startsWith("| case | command | exit | first line |")) {
                inTable = true;
            } else if (inTable && line.startsWith("|---")) {
                continue;
            } else if (inTable && line.startsWith("|")) {
                List<String> cells = cells(line);
                rows.add(new Row(cells.get(0), code(cells.get(1)), Integer.parseInt(cells.get(2)), code(cells.get(3))));
            } else {
                inTable = false;
            }
        }
        return rows;
    }

    /** A Markdown row's cells, with {@code \|} as a literal bar. */
    static List<String> cells(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        for (int i = 1; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\' && i + 1 < line.length() && line.charAt(i + 1) == '|') {
                cell.append('|');
                i++;
            } else if (c == '|') {
                cells.add(cell.toString().strip());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        return cells;
    }

    private static String code(String cell) {
        return cell.startsWith("`") && cell.endsWith("`") ? cell.substring(1, cell.length() - 1) : cell;
    }

    /** The expected line as a pattern: {@code *} is any text, the rest literal. */
    static String glob(String expected) {
        StringBuilder regex = new StringBuilder();
        for (String part : expected.split("\\*", -1)) {
            regex.append(regex.length() == 0 && part.isEmpty() ? "" : Pattern.quote(part))
                    .append(".*");
        }
        return regex.substring(0, regex.length() - 2);
    }
}
