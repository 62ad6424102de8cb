package io.github.d2l4j.runner;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.d2l4j.common.section.Section;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The README tables cannot drift from the code: every section table row (section, class, tests,
 * command) in the top README and in each chapter's README must say what {@code ./d2l list} says,
 * every section must have its row, and every test it names must exist. The top README's first
 * paragraph names the chapters {@code ./d2l list} has.
 */
class ReadmeTablesTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    /** {@code | [3.6 Title](page) | `Class` | `Test`, `IT` | `./d2l run 3.6` |} */
    private static final Pattern ROW = Pattern.compile(
            "\\| \\[([0-9]+\\.[0-9]+) ([^\\]]+)\\]\\(([^)]+)\\) \\| `([A-Za-z0-9]+)` \\| (.*) \\| `\\./d2l run ([0-9.]+)` \\|");

    /** "Chapters 2-7", "Chapter 2", "Chapters 2-7 and 9", "Chapters 2, 4 and 6-8". */
    private static final Pattern CHAPTERS = Pattern.compile("\\bChapters? [0-9]+(?:(?:-|, | and )[0-9]+)*");

    private static final Pattern FIGURES_ROW = Pattern.compile("\\| ([0-9]+\\.[0-9]+) \\|.*");

    /**
     * Chapter modules that stay outside the runner on purpose, with a command of their own:
     * ch12-spark, 12.6 on Apache Spark, so that ./d2l never downloads Spark (its README says why).
     */
    private static final Set<String> OUTSIDE_THE_RUNNER = Set.of("ch12-spark");

    private final Map<String, Section<?>> sections =
            Runner.sections().stream().collect(Collectors.toMap(Section::id, Function.identity()));

    record Row(String file, String id, String title, String page, String type, String tests, String command) {}

    @Test
    void everyChapterReadmeListsExactlyItsSectionsAsTheRunnerDoes() throws IOException {
        List<Path> chapters;
        try (Stream<Path> dirs = Files.list(ROOT)) {
            chapters = dirs.filter(d -> d.getFileName().toString().matches("ch[0-9]{2}-.*"))
                    .filter(d -> !OUTSIDE_THE_RUNNER.contains(d.getFileName().toString()))
                    .sorted()
                    .toList();
        }
        assertThat(chapters).isNotEmpty();
        for (Path chapter : chapters) {
            int number = Integer.parseInt(chapter.getFileName().toString().substring(2, 4));
            assertThat(idsOfChapter(number))
                    .as(
                            "sections of %s on ./d2l's class path: is it a dependency of d2l-runner/pom.xml,"
                                    + " and does it register a Chapter in META-INF/services?",
                            chapter.getFileName())
                    .isNotEmpty();
            List<Row> rows = rows(chapter.resolve("README.md"));
            rows.forEach(this::assertAgreesWithTheRunner);
            assertThat(rows.stream().map(Row::id))
                    .as("section rows of %s/README.md", chapter.getFileName())
                    .containsExactlyElementsOf(idsOfChapter(number));
        }
    }

    @Test
    void theTopReadmeListsEverySectionOnceAsTheRunnerDoes() throws IOException {
        List<Row> rows = rows(ROOT.resolve("README.md"));
        rows.forEach(this::assertAgreesWithTheRunner);
        assertThat(rows.stream().map(Row::id))
                .as("section rows of README.md")
                .containsExactlyElementsOf(
                        Runner.sections().stream().map(Section::id).toList());
    }

    @Test
    void theFiguresTablesNameOnlyRealSections() throws IOException {
        List<String> ids = Files.readAllLines(ROOT.resolve("README.md")).stream()
                .map(FIGURES_ROW::matcher)
                .filter(Matcher::matches)
                .map(m -> m.group(1))
                .toList();
        assertThat(ids).isNotEmpty();
        assertThat(sections.keySet()).as("sections in README.md's figures").containsAll(ids);
    }

    @Test
    void theFirstParagraphNamesTheChaptersTheRunnerHas() throws IOException {
        List<String> lines = Files.readAllLines(ROOT.resolve("README.md"));
        SortedSet<Integer> registered = Runner.sections().stream()
                .map(s -> Integer.parseInt(s.id().substring(0, s.id().indexOf('.'))))
                .collect(Collectors.toCollection(TreeSet::new));
        String expected = chapters(registered);
        List<String> found = new ArrayList<>();
        for (int n : firstParagraph(lines)) {
            Matcher m = CHAPTERS.matcher(lines.get(n));
            while (m.find()) {
                found.add("README.md line " + (n + 1) + " says \"" + m.group() + "\": "
                        + lines.get(n).strip());
            }
        }
        assertThat(found)
                .as("README.md's first paragraph must name the chapters ./d2l list has, once, as \"%s\"", expected)
                .hasSize(1);
        assertThat(found.get(0))
                .as("./d2l list has chapters %s: README.md's first paragraph should say \"%s\"", registered, expected)
                .contains("says \"" + expected + "\"");
    }

    /** The chapter numbers as README words them: "Chapter 2", "Chapters 2-7", "Chapters 2-7 and 9". */
    static String chapters(SortedSet<Integer> numbers) {
        List<String> ranges = new ArrayList<>();
        int first = -1;
        int last = -1;
        for (int n : numbers) {
            if (first >= 0 && n != last + 1) {
                ranges.add(first == last ? "" + first : first + "-" + last);
                first = -1;
            }
            if (first < 0) {
                first = n;
            }
            last = n;
        }
        ranges.add(first == last ? "" + first : first + "-" + last);
        String words = ranges.size() == 1
                ? ranges.get(0)
                : String.join(", ", ranges.subList(0, ranges.size() - 1)) + " and " + ranges.get(ranges.size() - 1);
        return (numbers.size() == 1 ? "Chapter " : "Chapters ") + words;
    }

    /** The indexes of the lines of the first paragraph after the title. */
    private static List<Integer> firstParagraph(List<String> lines) {
        List<Integer> paragraph = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                if (!paragraph.isEmpty()) {
                    break;
                }
                continue;
            }
            paragraph.add(i);
        }
        return paragraph;
    }

    @Test
    void chaptersAreWordedAsRanges() {
        assertThat(chapters(new TreeSet<>(List.of(2, 3, 4, 5, 6, 7)))).isEqualTo("Chapters 2-7");
        assertThat(chapters(new TreeSet<>(List.of(2)))).isEqualTo("Chapter 2");
        assertThat(chapters(new TreeSet<>(List.of(2, 3, 4, 5, 6, 7, 9)))).isEqualTo("Chapters 2-7 and 9");
        assertThat(chapters(new TreeSet<>(List.of(2, 4, 6, 7, 8)))).isEqualTo("Chapters 2, 4 and 6-8");
    }

    private void assertAgreesWithTheRunner(Row row) {
        Section<?> s = sections.get(row.id());
        assertThat(s)
                .as("%s: section %s is not registered", row.file(), row.id())
                .isNotNull();
        assertThat(row.title()).as("%s: title of %s", row.file(), row.id()).isEqualTo(s.title());
        assertThat(row.page()).as("%s: page of %s", row.file(), row.id()).isEqualTo(s.page());
        assertThat(row.type())
                .as("%s: class of %s", row.file(), row.id())
                .isEqualTo(s.type().getSimpleName());
        assertThat(row.command()).as("%s: command of %s", row.file(), row.id()).isEqualTo(row.id());
        Matcher test = Pattern.compile("`([A-Za-z0-9]+)`").matcher(row.tests());
        int named = 0;
        while (test.find()) {
            named++;
            assertThat(testSourceExists(test.group(1)))
                    .as("%s: test %s of %s exists", row.file(), test.group(1), row.id())
                    .isTrue();
        }
        assertThat(named).as("%s: tests named for %s", row.file(), row.id()).isPositive();
    }

    private List<String> idsOfChapter(int number) {
        return Runner.sections().stream()
                .map(Section::id)
                .filter(id -> id.startsWith(number + "."))
                .toList();
    }

    /** The section rows of a file; a row that starts like one but does not parse is an error. */
    private static List<Row> rows(Path readme) throws IOException {
        List<Row> rows = new ArrayList<>();
        for (String line : Files.readAllLines(readme)) {
            if (!line.startsWith("| [")) {
                continue;
            }
            Matcher m = ROW.matcher(line);
            assertThat(m.matches())
                    .as("%s: malformed section row: %s", readme, line)
                    .isTrue();
            rows.add(new Row(
                    ROOT.relativize(readme).toString(),
                    m.group(1),
                    m.group(2),
                    m.group(3),
                    m.group(4),
                    m.group(5),
                    m.group(6)));
        }
        return rows;
    }

    private static boolean testSourceExists(String name) {
        try (Stream<Path> files = Files.walk(ROOT, 12)) {
            return files.anyMatch(p -> p.toString().contains("/src/test/java/")
                    && p.getFileName().toString().equals(name + ".java"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
