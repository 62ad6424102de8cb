package io.github.d2l4j.runner;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.d2l4j.common.section.BookSection;
import io.github.d2l4j.common.section.RunOptions;
import io.github.d2l4j.common.section.Section;
import io.github.d2l4j.common.section.SectionResult;
import io.github.d2l4j.common.section.Summary;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.factory.Nd4j;

/** The runner's commands, and its three kinds of failure with their three exit statuses. */
class RunnerTest {
    @TempDir
    Path tmp;

    /** What one call printed, and its exit status. */
    record Call(int status, String out, String err) {}

    static Call call(List<Section<?>> sections, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Runner.execute(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                r -> {},
                sections);
        return new Call(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static Call call(String... args) {
        return call(Runner.sections(), args);
    }

    @Test
    void listShowsEverySectionWithItsPage() {
        Call c = call("list");
        assertThat(c.status()).isZero();
        assertThat(c.out())
                .contains("3.6")
                .contains("https://zh.d2l.ai/chapter_linear-networks/softmax-regression-scratch.html");
        assertThat(c.out().lines().map(l -> l.split("\\s+")[0]))
                .containsSubsequence("2.1", "2.7", "3.1", "3.7", "4.1", "4.8", "4.10");
    }

    /** ./d2l list fits a terminal: two lines a section, none over 100 columns. */
    @Test
    void listFitsA100ColumnTerminal() {
        Call c = call("list");
        assertThat(c.out().lines()).allSatisfy(l -> assertThat(l.length()).as(l).isLessThanOrEqualTo(100));
        assertThat(c.out().lines())
                .contains(
                        "3.6   Implementation of Softmax Regression from Scratch (SoftmaxRegressionScratch)",
                        "      https://zh.d2l.ai/chapter_linear-networks/softmax-regression-scratch.html");
    }

    @Test
    void runPrintsThePageFirstAndTheSummaryLast() {
        Call c = call("run", "3.2", "--epochs", "2", "--out", tmp.toString());
        assertThat(c.status()).as(c.err()).isZero();
        List<String> lines = c.out().lines().toList();
        assertThat(lines.get(0))
                .isEqualTo("D2L 3.2 Linear Regression Implementation from Scratch: "
                        + "https://zh.d2l.ai/chapter_linear-networks/linear-regression-scratch.html");
        assertThat(Summary.parse(lines.get(lines.size() - 1)))
                .containsEntry("section", "3.2")
                .containsEntry("epochs", "2");
    }

    @Test
    void helpWorksTheUsualWays() {
        for (String[] h : new String[][] {
            {"help"}, {"--help"}, {"-h"}, {"run", "--help"}, {"run", "3.7", "--help"}, {"run", "3.7", "-h"}
        }) {
            Call c = call(h);
            assertThat(c.status()).as(String.join(" ", h)).isZero();
            assertThat(c.out())
                    .as(String.join(" ", h))
                    .contains("usage: d2l list")
                    .contains("--epochs");
        }
        assertThat(call().status()).isEqualTo(Runner.USAGE);
    }

    @Test
    void nonFiniteNumbersAreBadInput() {
        for (String lr : new String[] {"Infinity", "NaN", "-Infinity"}) {
            Call c = call("run", "3.7", "--lr", lr);
            assertThat(c.status()).as(lr).isEqualTo(Runner.USAGE);
            assertThat(c.err()).as(lr).startsWith("error: --lr must be a positive, finite number, got");
        }
    }

    /** --out is checked before any work, with the operating system's reason. */
    @Test
    void aBadOutIsBadInputBeforeAnyWork() throws Exception {
        Path file = java.nio.file.Files.writeString(tmp.resolve("a-file"), "x");
        Call notADir = call("run", "3.2", "--out", file.toString());
        assertThat(notADir.status()).isEqualTo(Runner.USAGE);
        assertThat(notADir.err().strip()).isEqualTo("error: --out " + file + ": Not a directory");
        assertThat(notADir.out()).isEmpty(); // nothing ran

        Call under = call("run", "3.2", "--out", file.resolve("sub").toString());
        assertThat(under.err().strip()).isEqualTo("error: --out " + file.resolve("sub") + ": Not a directory");

        String longName = "d".repeat(300);
        Call tooLong = call("run", "3.2", "--out", tmp.resolve(longName).toString());
        assertThat(tooLong.status()).isEqualTo(Runner.USAGE);
        assertThat(tooLong.err().strip()).endsWith(": File name too long");
    }

    /** /proc takes no new directories: the reason is the system's, not an exception's class name. */
    @Test
    void anOutThatCannotBeCreatedSaysWhy() {
        Call c = call("run", "3.2", "--out", "/proc/d2l-out");
        assertThat(c.status()).isEqualTo(Runner.USAGE);
        assertThat(c.err().strip()).isEqualTo("error: --out /proc/d2l-out: No such file or directory");
    }

    /** --out '' would write into the working directory: it is refused. */
    @Test
    void anEmptyOutIsBadInput() {
        Call c = call("run", "3.2", "--out", "");
        assertThat(c.status()).isEqualTo(Runner.USAGE);
        assertThat(c.err().strip()).isEqualTo("error: --out is empty: give a directory, such as --out plots");
        assertThat(c.out()).isEmpty();
    }

    /**
     * A directory a section writes into, under --out or the default target/plots, is checked
     * before any work: 5.5's 5.5-files, here a file in the way, ended as a bug after the work.
     */
    @Test
    void aDirectoryASectionWritesIntoIsCheckedBeforeAnyWork() throws Exception {
        java.nio.file.Files.writeString(tmp.resolve("5.5-files"), "in the way");
        Call c = call("run", "5.5", "--out", tmp.toString());
        assertThat(c.status()).as(c.err()).isEqualTo(Runner.USAGE);
        assertThat(c.err().strip())
                .isEqualTo("error: cannot write to " + tmp.resolve("5.5-files") + ": Not a directory (section 5.5"
                        + " writes its files there: make it a writable directory, or give another with --out DIR)");
        assertThat(c.out()).isEmpty(); // nothing ran

        java.util.concurrent.atomic.AtomicBoolean ran = new java.util.concurrent.atomic.AtomicBoolean();
        Path file = java.nio.file.Files.writeString(tmp.resolve("target"), "a file where a directory goes");
        Section<?> plotting = Section.of(Failing.class, o -> new Plots(file.resolve("plots")), p -> {
            ran.set(true);
            return result();
        });
        Call def = call(List.of(plotting), "run", "99.2");
        assertThat(def.status()).isEqualTo(Runner.USAGE);
        assertThat(def.err().strip())
                .startsWith("error: cannot write to " + file.resolve("plots") + ": Not a directory");
        assertThat(ran).isFalse();
    }

    record Plots(Path out) {}

    /**
     * What the user names is used, or refused: an option the section does not read is bad input,
     * not dropped. --threads is the process's, and every section takes it.
     */
    @Test
    void anOptionTheSectionDoesNotReadIsRefused() {
        Call epochs = call("run", "2.1", "--epochs", "5");
        assertThat(epochs.status()).isEqualTo(Runner.USAGE);
        assertThat(epochs.err().strip())
                .isEqualTo("error: section 2.1 has no --epochs setting (its options: --seed, --threads)");
        assertThat(epochs.out()).isEmpty();

        Call lr = call("run", "5.5", "--lr", "5");
        assertThat(lr.status()).isEqualTo(Runner.USAGE);
        assertThat(lr.err().strip())
                .isEqualTo("error: section 5.5 has no --lr setting (its options: --seed, --out, --threads)");

        Call none = call("run", "6.5", "--seed", "1");
        assertThat(none.err().strip()).isEqualTo("error: section 6.5 has no --seed setting (its options: --threads)");

        Call threads = call("run", "2.1", "--threads", "1", "--seed", "3");
        assertThat(threads.status()).as(threads.err()).isZero();
    }

    @Test
    void everyRunOptionHasItsCommandLineName() {
        RunOptions all = new RunOptions(1, 1, 1.0, 1L, Path.of("x"), 1, 1, 1);
        assertThat(all.unread().stream().map(Options::flag))
                .containsExactly(
                        "--epochs", "--batch-size", "--lr", "--seed", "--out", "--resize", "--train-size", "--workers");
    }

    @Test
    void aBadThreadSettingNamesTheVariable() {
        assertThat(Options.threadCount("3")).isEqualTo(3);
        assertThat(Options.threadCount(null)).isPositive();
        for (String bad : new String[] {"abc", "0", "-2", "1.5"}) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> Options.threadCount(bad))
                    .isInstanceOf(UsageException.class)
                    .hasMessage("D2L_THREADS: '" + bad + "' is not a positive whole number"
                            + " (give the number of threads for matrix products, such as 2, or unset it)");
        }
    }

    /** A diverged run names the epoch and the learning rate of the section's Config. */
    @Test
    void aDivergedRunNamesTheEpochAndTheLearningRate() {
        Section<?> diverging = Section.of(Failing.class, o -> new Lr(o.lr(0.1)), c -> {
            throw new io.github.d2l4j.common.train.TrainingDivergedException(2, Double.NaN);
        });
        Call c = call(List.of(diverging), "run", "99.2", "--lr", "50");
        assertThat(c.status()).isEqualTo(Runner.DIVERGED);
        assertThat(c.err().strip())
                .isEqualTo("error: training diverged in epoch 2: the training loss is NaN at learning rate 50.0."
                        + " Try a smaller --lr.");
    }

    /** A setting that a section's data layer reads is bad input too, not a bug. */
    @Test
    void aBadSettingIsBadInput() {
        Call c = call(
                List.of(section(Failing.class, o -> {
                    throw new io.github.d2l4j.common.data.SettingException(
                            "-Dd2l.hub / D2L_HUB: unsupported scheme 'ftp:'");
                })),
                "run",
                "99.2");
        assertThat(c.status()).isEqualTo(Runner.USAGE);
        assertThat(c.err().strip()).isEqualTo("error: -Dd2l.hub / D2L_HUB: unsupported scheme 'ftp:'");
    }

    /** ./d2l run 3.7 > /dev/full: the result line could not be written, so the run failed. */
    @Test
    void aResultLineThatCannotBeWrittenIsAFailure() {
        java.io.OutputStream full = new java.io.OutputStream() {
            @Override
            public void write(int b) throws java.io.IOException {
                throw new java.io.IOException("No space left on device");
            }
        };
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Runner.execute(
                new String[] {"run", "99.2"},
                new PrintStream(full, true),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                r -> {},
                List.of(section(Failing.class, o -> o)));
        assertThat(status).isEqualTo(Runner.OUTPUT);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("error: could not write the result");
    }

    record Lr(double lr) {}

    // Bad input: exit 2 and one line that says what was wrong.

    @Test
    void badInputExitsWith2AndOneLine() {
        for (String[] bad :
                new String[][] {{}, {"train"}, {"run"}, {"run", "3.7", "--bogus"}, {"run", "3.7", "--epochs"}}) {
            Call c = call(bad);
            assertThat(c.status()).as(String.join(" ", bad)).isEqualTo(Runner.USAGE);
            assertThat(c.err().strip().lines())
                    .as(String.join(" ", bad))
                    .hasSize(1)
                    .allMatch(l -> l.startsWith("error: "));
        }
        Call unknown = call("run", "9.99");
        assertThat(unknown.status()).isEqualTo(Runner.USAGE);
        assertThat(unknown.err()).startsWith("error: unknown section '9.99'").doesNotContain("\tat ");

        Call lr = call("run", "3.6", "--lr", "0");
        assertThat(lr.status()).isEqualTo(Runner.USAGE);
        assertThat(lr.err().strip()).isEqualTo("error: --lr must be a positive, finite number, got 0.0");

        Call rejected = call(
                List.of(section(Rejecting.class, o -> {
                    throw new IllegalArgumentException("resize must be positive, got -1");
                })),
                "run",
                "99.1");
        assertThat(rejected.status()).isEqualTo(Runner.USAGE);
        assertThat(rejected.err().strip()).isEqualTo("error: resize must be positive, got -1");

        // options that only chapter 7's networks have are not dropped silently elsewhere
        Call resize = call("run", "3.6", "--resize", "65");
        assertThat(resize.status()).isEqualTo(Runner.USAGE);
        assertThat(resize.err().strip())
                .isEqualTo("error: section 3.6 has no --resize setting (the sections that train on resized"
                        + " images have it, such as 7.1)");
        Call trainSize = call("run", "7.5", "--train-size", "100");
        assertThat(trainSize.status()).isEqualTo(Runner.USAGE);
        assertThat(trainSize.err()).startsWith("error: section 7.5 has no --train-size setting");
        // --workers only where a section trains on several workers; never below 1
        Call workers = call("run", "3.6", "--workers", "2");
        assertThat(workers.status()).isEqualTo(Runner.USAGE);
        assertThat(workers.err().strip())
                .isEqualTo("error: section 3.6 has no --workers setting (only the sections that train on several"
                        + " workers have it, 12.5 and 12.6)");
        Call noWorkers = call("run", "12.5", "--workers", "0");
        assertThat(noWorkers.status()).isEqualTo(Runner.USAGE);
        assertThat(noWorkers.err().strip()).isEqualTo("error: --workers must be positive, got 0");
        Call tooSmall = call("run", "7.1", "--resize", "64");
        assertThat(tooSmall.status()).isEqualTo(Runner.USAGE);
        assertThat(tooSmall.err().strip()).isEqualTo("error: AlexNet needs inputs of at least 65x65, got 64");
    }

    // Data unavailable: exit 1 and the remedies.

    @Test
    void missingDataExitsWith1AndNamesTheRemedies() {
        String hub = System.getProperty("d2l.hub");
        String cache = System.getProperty("d2l.cache");
        System.setProperty("d2l.hub", tmp.resolve("empty-mirror").toString());
        System.setProperty("d2l.cache", tmp.resolve("cache").toString());
        try {
            Call c = call("run", "4.10", "--out", tmp.toString());
            assertThat(c.status()).as(c.err()).isEqualTo(Runner.DATA);
            assertThat(c.err())
                    .startsWith("error: cannot get 'kaggle_house_train'")
                    .contains("kaggle_house_pred_train.csv")
                    .contains("585e9cc93e70b39160e7921475f9bcd7d31219ce")
                    .contains("D2L_HUB")
                    .doesNotContain("\tat ");
        } finally {
            restore("d2l.hub", hub);
            restore("d2l.cache", cache);
        }
    }

    // Anything else: the full stack trace and exit 70.

    /** A real ND4J shape error, running out of memory, and an exception type ND4J also uses. */
    static Stream<Arguments> bugs() {
        return Stream.of(
                Arguments.of((Function<RunOptions, Object>) o -> Nd4j.ones(2, 3).mmul(Nd4j.ones(2, 3)), "mmul"),
                Arguments.of(
                        (Function<RunOptions, Object>) o -> {
                            throw new OutOfMemoryError("Java heap space");
                        },
                        "java.lang.OutOfMemoryError: Java heap space"),
                Arguments.of(
                        (Function<RunOptions, Object>) o -> {
                            throw new IllegalStateException("Cannot do op: shapes [2, 3] and [2, 3] do not match");
                        },
                        "java.lang.IllegalStateException: Cannot do op")); // not mistaken for missing data
    }

    @ParameterizedTest
    @MethodSource("bugs")
    void anythingElseIsABugWithItsStackTrace(Function<RunOptions, Object> body, String shown) {
        Call c = call(List.of(section(Failing.class, body)), "run", "99.2");
        assertThat(c.status()).isEqualTo(Runner.INTERNAL);
        assertThat(c.err()).startsWith("d2l: internal error").contains(shown).contains("\tat ");
    }

    @BookSection(id = "99.1", title = "A section whose Config rejects a value", page = "https://zh.d2l.ai/x/y.html")
    static final class Rejecting {}

    @BookSection(id = "99.2", title = "A section with a bug", page = "https://zh.d2l.ai/x/y.html")
    static final class Failing {}

    /** A section whose Config is the options themselves, run by {@code body}. */
    private static Section<?> section(Class<?> type, Function<RunOptions, Object> body) {
        if (type == Rejecting.class) {
            return Section.of(type, o -> body.apply(o), c -> result());
        }
        return Section.<RunOptions>of(type, o -> o, o -> {
            body.apply(o);
            return result();
        });
    }

    private static SectionResult result() {
        return Summary::of;
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }
}
