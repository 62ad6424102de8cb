package io.github.d2l4j.runner;

import io.github.d2l4j.common.data.DataUnavailableException;
import io.github.d2l4j.common.data.SettingException;
import io.github.d2l4j.common.device.Threads;
import io.github.d2l4j.common.section.Chapter;
import io.github.d2l4j.common.section.RunOptions;
import io.github.d2l4j.common.section.Section;
import io.github.d2l4j.common.section.SectionResult;
import io.github.d2l4j.common.train.TrainingDivergedException;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The section runner behind {@code ./d2l}: {@code list} shows every section on the class path
 * with its page on zh.d2l.ai, {@code run ID [options]} prints the page, runs the section and
 * prints its summary line.
 *
 * <p>Three kinds of failure end a run three ways:
 *
 * <ul>
 *   <li>bad input (an unknown command, section or option, a bad setting, or a value the section's
 *       {@code Config} rejects): one line that says what was wrong, exit {@value #USAGE};
 *   <li>data that cannot be found, fetched or read ({@link DataUnavailableException}, thrown only
 *       by d2l-common's data layer): its message with the remedies, exit {@value #DATA};
 *   <li>anything else (a bug, an ND4J shape error, running out of memory): the full stack trace,
 *       exit {@value #INTERNAL}.
 * </ul>
 *
 * <p>Two more: a run whose training loss stops being finite ends with exit {@value #DIVERGED},
 * naming the epoch and the learning rate; a result line that cannot be written (a full disk
 * behind standard output) ends with exit {@value #OUTPUT}; a reader of standard output that has
 * gone ({@code | head -1}) ends the run early and quietly, with exit {@value #CLOSED_PIPE}.
 * RELIABILITY.md lists the cases.
 */
public final class Runner {
    /** Exit status when the data cannot be found or read. */
    public static final int DATA = 1;
    /** Exit status for bad input, as command-line tools use it. */
    public static final int USAGE = 2;
    /** Exit status when training diverged: the loss became NaN or infinite. */
    public static final int DIVERGED = 3;
    /** Exit status for anything else: a bug to report (sysexits' EX_SOFTWARE). */
    public static final int INTERNAL = 70;
    /** Exit status when the result could not be written to standard output (sysexits' EX_IOERR). */
    public static final int OUTPUT = 74;
    /**
     * Exit status when standard output's reader has gone ({@code ./d2l run 3.7 | head -1}): 128 +
     * SIGPIPE, what the shell reports for a command-line tool that SIGPIPE ends.
     */
    public static final int CLOSED_PIPE = 141;

    private Runner() {}

    public static void main(String[] args) {
        ClosedPipe stdout = new ClosedPipe(
                new FileOutputStream(FileDescriptor.out), ClosedPipe.stdoutIsPipe(), Runner::stopQuietly);
        System.setOut(new QuietStdout(stdout));
        int status = execute(args, System.out, System.err);
        Exit.exit(stdout.closed() ? CLOSED_PIPE : status); // the signal's status, if Ctrl-C came first
    }

    /**
     * Ends a run whose standard output nobody reads any more, without a word, as soon as a write
     * finds that out. It exits from a thread of its own: the write that found it may hold a logger's
     * lock, which a shutdown hook could wait for.
     */
    private static void stopQuietly() {
        new Thread(() -> System.exit(CLOSED_PIPE), "d2l-closed-pipe").start();
    }

    /** Runs the command line and returns the exit status. */
    public static int execute(String[] args, PrintStream out, PrintStream err) {
        return execute(args, out, err, result -> {});
    }

    /**
     * Runs the command line, hands a {@code run}'s result to {@code onResult} (tests use it to
     * compare the printed summary with the values behind it), and returns the exit status.
     */
    public static int execute(String[] args, PrintStream out, PrintStream err, Consumer<SectionResult> onResult) {
        return execute(args, out, err, onResult, sections());
    }

    /** {@link #execute(String[], PrintStream, PrintStream, Consumer)} over the given sections. */
    static int execute(
            String[] args,
            PrintStream out,
            PrintStream err,
            Consumer<SectionResult> onResult,
            List<Section<?>> sections) {
        try {
            command(args, out, onResult, sections);
            if (args[0].equals("run") && out.checkError()) { // PrintStream swallows write errors: ask
                err.println("error: could not write the result to standard output (is the disk full?)");
                return OUTPUT;
            }
            return 0;
        } catch (UsageException | SettingException | TrainingDiverged | DataUnavailableException e) {
            if (Exit.shuttingDown()) { // Ctrl-C broke the run: its status stands, and there is nothing to say
                return INTERNAL;
            }
            err.println("error: " + e.getMessage()); // one line that says what to do
            return e instanceof TrainingDiverged ? DIVERGED : e instanceof DataUnavailableException ? DATA : USAGE;
        } catch (Throwable e) { // a bug, not the user's doing: everything needed to find it
            if (Exit.shuttingDown()) { // unless Ctrl-C broke the run, as by removing a file it writes
                return INTERNAL;
            }
            err.println("d2l: internal error (exit " + INTERNAL + "); please report it with this trace:");
            e.printStackTrace(err);
            return INTERNAL;
        }
    }

    private static void command(
            String[] args, PrintStream out, Consumer<SectionResult> onResult, List<Section<?>> sections) {
        if (args.length == 0) {
            throw new UsageException("which command? ./d2l help lists them");
        }
        if (Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h") || args[0].equals("help")) {
            out.println(help());
            return;
        }
        switch (args[0]) {
            case "list" -> list(out, sections);
            case "run" -> {
                if (args.length < 2) {
                    throw new UsageException("which section? ./d2l list shows them; run one with ./d2l run 3.7");
                }
                Section<?> section = find(args[1], sections);
                Options options = Options.parse(Arrays.copyOfRange(args, 2, args.length));
                Prepared run = prepare(section, options.runOptions());
                if (options.threadsRequested()) {
                    Threads.set(options.threadCount());
                } // otherwise each training loop applies the default measured for its kind of model
                out.println("D2L " + section.id() + " " + section.title() + ": " + section.page());
                SectionResult result = run.start();
                out.println(result.summary().line(section.id()));
                onResult.accept(result);
            }
            default ->
                throw new UsageException(
                        "unknown command '" + args[0] + "': use list, run, shell or help (./d2l help)");
        }
    }

    /** A section with its {@code Config} built, ready to run. */
    private record Prepared(Object config, Supplier<SectionResult> run) {
        SectionResult start() {
            try {
                return run.get();
            } catch (TrainingDivergedException e) {
                throw new TrainingDiverged(e, learningRate(config));
            }
        }
    }

    /**
     * The section's {@code Config}, built before any work starts: a value it rejects is bad input,
     * and so is an option it does not read, and a directory it would write into but cannot.
     */
    private static <C> Prepared prepare(Section<C> section, RunOptions options) {
        C config;
        try {
            config = section.config().apply(options);
        } catch (SettingException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        requireRead(section, options);
        OutputDirs.check(section.id(), options, config);
        return new Prepared(config, () -> section.run().apply(config));
    }

    /**
     * What the user names is used, or refused: an option that the section's {@code Config.from}
     * did not read would be dropped silently (--epochs for 2.1, which does not train; --lr for
     * 5.5). --threads is not among them: it sets the process's matrix-product threads, which
     * every section uses, and the runner applies it itself.
     */
    private static void requireRead(Section<?> section, RunOptions options) {
        List<String> unread = options.unread();
        if (unread.isEmpty()) {
            return;
        }
        String option = Options.flag(unread.get(0));
        if (option.equals("--resize") || option.equals("--train-size")) {
            throw new UsageException("section " + section.id() + " has no " + option
                    + " setting (the sections that train on resized images have it, such as 7.1)");
        }
        if (option.equals("--workers")) {
            throw new UsageException("section " + section.id()
                    + " has no --workers setting (only the sections that train on several workers have it,"
                    + " 12.5 and 12.6)");
        }
        List<String> takes =
                new ArrayList<>(options.read().stream().map(Options::flag).toList());
        takes.add("--threads");
        throw new UsageException("section " + section.id() + " has no " + option + " setting (its options: "
                + String.join(", ", takes) + ")");
    }

    /** The {@code lr} component of a section's {@code Config} record, if it has one. */
    static String learningRate(Object config) {
        if (config instanceof Record r) {
            for (RecordComponent c : r.getClass().getRecordComponents()) {
                if (c.getName().equals("lr")) {
                    try {
                        return String.valueOf(c.getAccessor().invoke(r));
                    } catch (ReflectiveOperationException e) {
                        return "unknown";
                    }
                }
            }
        }
        return "unknown";
    }

    /** Training diverged, with the learning rate that the section's {@code Config} used. */
    static final class TrainingDiverged extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TrainingDiverged(TrainingDivergedException e, String lr) {
            super(e.getMessage() + " at learning rate " + lr + ". Try a smaller --lr.", e);
        }
    }

    /** The section with this id. */
    static Section<?> find(String id, List<Section<?>> sections) {
        return sections.stream()
                .filter(s -> s.id().equals(id))
                .findFirst()
                .orElseThrow(() -> new UsageException("unknown section '" + id + "'. Sections: "
                        + String.join(", ", sections.stream().map(Section::id).toList())));
    }

    /** Every section of every chapter on the class path, in book order. */
    public static List<Section<?>> sections() {
        List<Section<?>> all = new ArrayList<>();
        ServiceLoader.load(Chapter.class).forEach(c -> all.addAll(c.sections()));
        all.sort(Comparator.comparing(Runner::bookOrder));
        return all;
    }

    private static String bookOrder(Section<?> s) {
        StringBuilder key = new StringBuilder();
        for (String part : s.id().split("\\.")) {
            key.append(String.format("%04d", Integer.parseInt(part)));
        }
        return key.toString();
    }

    /** Two lines a section, each under 100 columns: the id, title and class, then the page. */
    private static void list(PrintStream out, List<Section<?>> sections) {
        for (Section<?> s : sections) {
            out.printf("%-5s %s (%s)%n", s.id(), s.title(), s.type().getSimpleName());
            out.printf("      %s%n", s.page());
        }
    }

    private static String help() {
        return "usage: d2l list | d2l run SECTION [options] | d2l shell | d2l help\n" + Options.usage();
    }
}
