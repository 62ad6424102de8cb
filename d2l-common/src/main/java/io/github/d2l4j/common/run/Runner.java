package io.github.d2l4j.common.run;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;
import java.util.function.Consumer;

/**
 * The section runner behind {@code ./d2l}: {@code list} shows every section on the class path,
 * {@code run ID [options]} runs one and prints its summary line. Exit status 2 means bad input
 * (an unknown section or a bad option), 1 missing or unreadable data; either way the message says
 * what to do.
 */
public final class Runner {
    /** Exit status for bad input, as command-line tools use it. */
    public static final int USAGE = 2;
    /** Exit status when the data cannot be found or read. */
    public static final int DATA = 1;

    private Runner() {}

    public static void main(String[] args) {
        System.setOut(new QuietStdout(System.out));
        int status = execute(args, System.out, System.err);
        System.exit(status);
    }

    /** A section class's {@code main}: the same as {@code ./d2l run ID args...}. */
    public static void launch(String id, String[] args) {
        String[] full = new String[args.length + 2];
        full[0] = "run";
        full[1] = id;
        System.arraycopy(args, 0, full, 2, args.length);
        main(full);
    }

    /** Runs the command line and returns the exit status. */
    public static int execute(String[] args, PrintStream out, PrintStream err) {
        return execute(args, out, err, result -> {});
    }

    /**
     * Runs the command line, hands a {@code run}'s result to {@code onResult} (tests use it to
     * compare the printed summary with the values behind it), and returns the exit status.
     */
    public static int execute(String[] args, PrintStream out, PrintStream err,
            Consumer<SectionResult> onResult) {
        if (args.length == 0 || args[0].equals("help") || args[0].equals("--help")) {
            out.println(help());
            return args.length == 0 ? USAGE : 0;
        }
        try {
            switch (args[0]) {
                case "list" -> list(out);
                case "run" -> {
                    if (args.length < 2) {
                        throw new IllegalArgumentException("which section? " + help());
                    }
                    SectionResult result = run(args[1], Arrays.copyOfRange(args, 2, args.length));
                    out.println(result.summary());
                    onResult.accept(result);
                }
                default -> throw new IllegalArgumentException("unknown command '" + args[0] + "'\n" + help());
            }
            return 0;
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return USAGE;
        } catch (IllegalStateException | java.io.UncheckedIOException e) {
            err.println("error: " + e.getMessage()); // missing data: the message names the remedies
            return DATA;
        }
    }

    /**
     * Runs one section with command-line options and returns its result, without printing the
     * summary line.
     *
     * @throws IllegalArgumentException for an unknown section or bad options
     */
    public static SectionResult run(String id, String... options) {
        Section section = find(id);
        RunOptions parsed = RunOptions.parse(options);
        Threads.set(parsed.threadCount());
        return section.run().apply(parsed);
    }

    /** The section with this id. */
    public static Section find(String id) {
        return sections().stream().filter(s -> s.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown section '" + id
                        + "'. Sections: " + String.join(", ", sections().stream().map(Section::id).toList())));
    }

    /** Every section of every chapter on the class path, in book order. */
    public static List<Section> sections() {
        List<Section> all = new ArrayList<>();
        ServiceLoader.load(Chapter.class).forEach(c -> all.addAll(c.sections()));
        all.sort(Comparator.comparing(Runner::bookOrder));
        return all;
    }

    private static String bookOrder(Section s) {
        String[] parts = s.id().split("\\.");
        StringBuilder key = new StringBuilder();
        for (String p : parts) {
            key.append(String.format("%04d", Integer.parseInt(p)));
        }
        return key.toString();
    }

    private static void list(PrintStream out) {
        for (Section s : sections()) {
            out.printf("%-6s %-50s %s%n", s.id(), s.title(), s.type().getSimpleName());
        }
    }

    private static String help() {
        return "usage: d2l list | d2l run SECTION [options]\n" + RunOptions.usage();
    }
}
