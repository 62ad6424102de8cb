package io.github.d2l4j.ch12;

import io.github.d2l4j.common.plot.Axes;
import io.github.d2l4j.common.plot.Plot;
import io.github.d2l4j.common.section.BookSection;
import io.github.d2l4j.common.section.RunOptions;
import io.github.d2l4j.common.section.SectionResult;
import io.github.d2l4j.common.section.Summary;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Parameter servers: data-parallel training sums every worker's gradient, and how the sum travels
 * decides how long a synchronisation takes. The book has no code here; its arithmetic is made
 * numeric: the time of one synchronisation (gradients in, summed, parameters back out) of a model
 * of {@code size} bytes over links of {@code bandwidth} bytes/s, for n workers, ignoring latency and
 * the time of the sum itself, as the book does:
 *
 * <ul>
 *   <li><b>central, on one worker</b> (the book's GPU0): n - 1 gradients in, one after another
 *       through its link, and n - 1 parameter copies out: \( 2(n-1) S / B \);
 *   <li><b>central, on the CPU</b> (a separate server): all n workers send and receive through its
 *       link: \( 2 n S / B \);
 *   <li><b>tree</b> (a binary tree: pairs sum up the levels, then the sum is broadcast down): each of
 *       the \( \lceil \log_2 n \rceil \) levels moves one full copy each way: \( 2 \lceil \log_2 n
 *       \rceil S / B \);
 *   <li><b>ring</b> allreduce (equally, the book's gradients split into n parts, each summed on a
 *       different worker at once): a reduce-scatter and an all-gather of n - 1 steps each moving
 *       S / n over every link at once: \( 2 (n-1)/n \cdot S / B \), which hardly grows with n.
 * </ul>
 *
 * <p>The book's figures, which the unit tests recompute: a 4-way GPU server on PCIe, 160 MB of
 * gradients, 16 GB/s: one transfer 10 ms; aggregating on one GPU 30 ms in and 30 ms out, 60 ms;
 * through the CPU 80 ms; split into 4 parts of 40 MB summed on different GPUs at once, 7.5 ms in,
 * 15 ms in all ("depending on how we synchronise, the same operation takes 15 ms to 80 ms"). And 8
 * V100s on NVLink (two rings, one of double bandwidth, 3 links of 18 GB/s each way): about \( 2
 * \cdot 160\,\mathrm{MB} / (3 \cdot 18\,\mathrm{GB/s}) \approx 6\,\mathrm{ms} \), the book's ring
 * with (n-1)/n taken as 1; the exact formula gives 5.2 ms.
 *
 * <p>The section prints the four times for n = 2, 4, 8, 16, 32 at the book's 160 MB and 16 GB/s, and
 * plots them against n ({@code 12.7-sync-time.png}). The multi-machine part (a server's bandwidth
 * is the bottleneck, O(m) for m workers, O(m / n) with n servers sharing the keys) and the
 * (key, value) store with push and pull are text in the book; the sharded rows are that case with
 * the servers being the workers.
 *
 * <p>D2L 12.7, Parameter Servers.
 */
@BookSection(
        id = "12.7",
        title = "Parameter Servers",
        page = "https://zh.d2l.ai/chapter_computational-performance/parameterserver.html")
public final class ParameterServer {
    private static final Logger LOG = LoggerFactory.getLogger(ParameterServer.class);

    /** The book's example: 160 MB of gradients. */
    static final double BOOK_SIZE = 160e6;
    /** PCIe 3.0 x16, the book's 16 GB/s. */
    static final double BOOK_PCIE = 16e9;
    /** One NVLink direction, the book's 18 GB/s. */
    static final double BOOK_NVLINK = 18e9;

    /**
     * @param size the gradients' size in bytes (the book's 160 MB)
     * @param bandwidth one link's bandwidth in bytes per second (the book's 16 GB/s)
     * @param workers the worker counts of the table and the plot
     * @param out the directory the plot is written into
     */
    public record Config(double size, double bandwidth, int[] workers, Path out) {
        public Config {
            if (!(size > 0) || !(bandwidth > 0)) {
                throw new IllegalArgumentException(
                        "size and bandwidth must be positive, got " + size + " and " + bandwidth);
            }
            if (workers.length == 0 || Arrays.stream(workers).anyMatch(n -> n < 1)) {
                throw new IllegalArgumentException("workers must be at least 1 each, got " + Arrays.toString(workers));
            }
        }

        public static Config from(RunOptions o) {
            return new Config(BOOK_SIZE, BOOK_PCIE, new int[] {2, 4, 8, 16, 32}, o.out());
        }
    }

    /** One row of the table: n workers and each strategy's seconds per synchronisation. */
    public record Row(int workers, double centralWorker, double centralCpu, double tree, double ring) {}

    /**
     * @param rows one per worker count
     * @param lines the table as printed
     * @param plot the times against n
     */
    public record Result(List<Row> rows, List<String> lines, Path plot) implements SectionResult {
        @Override
        public Summary summary() {
            Row last = rows.get(rows.size() - 1);
            return Summary.of()
                    .add("n", last.workers())
                    .add("central_ms", last.centralWorker() * 1e3)
                    .add("cpu_ms", last.centralCpu() * 1e3)
                    .add("tree_ms", last.tree() * 1e3)
                    .add("ring_ms", last.ring() * 1e3)
                    .add("plot", plot);
        }
    }

    /** Aggregating on one of the n workers: \( 2(n-1) S / B \). */
    static double centralWorker(int n, double size, double bandwidth) {
        return 2.0 * (n - 1) * size / bandwidth;
    }

    /** Aggregating on a separate server (the CPU): \( 2 n S / B \). */
    static double centralCpu(int n, double size, double bandwidth) {
        return 2.0 * n * size / bandwidth;
    }

    /** A binary tree up and down: \( 2 \lceil \log_2 n \rceil S / B \). */
    static double tree(int n, double size, double bandwidth) {
        return 2.0 * levels(n) * size / bandwidth;
    }

    /** Ring allreduce (or n shards summed at once): \( 2 (n-1)/n \cdot S / B \). */
    static double ring(int n, double size, double bandwidth) {
        return 2.0 * (n - 1) / n * size / bandwidth;
    }

    /** \( \lceil \log_2 n \rceil \), the levels of a binary tree over n leaves. */
    static int levels(int n) {
        return 32 - Integer.numberOfLeadingZeros(n - 1);
    }

    public static Result run(Config c) {
        List<Row> rows = new ArrayList<>();
        for (int n : c.workers()) {
            rows.add(new Row(
                    n,
                    centralWorker(n, c.size(), c.bandwidth()),
                    centralCpu(n, c.size(), c.bandwidth()),
                    tree(n, c.size(), c.bandwidth()),
                    ring(n, c.size(), c.bandwidth())));
        }
        List<String> lines = new ArrayList<>();
        lines.add(String.format(
                Locale.ROOT,
                "time per synchronisation of %.0f MB at %.0f GB/s a link, in ms:",
                c.size() / 1e6,
                c.bandwidth() / 1e9));
        lines.add(String.format(Locale.ROOT, "%8s %10s %10s %10s %10s", "workers", "central", "CPU", "tree", "ring"));
        for (Row r : rows) {
            lines.add(String.format(
                    Locale.ROOT,
                    "%8d %10.2f %10.2f %10.2f %10.2f",
                    r.workers(),
                    r.centralWorker() * 1e3,
                    r.centralCpu() * 1e3,
                    r.tree() * 1e3,
                    r.ring() * 1e3));
        }
        lines.add(String.format(
                Locale.ROOT,
                "the book's 8 V100s on NVLink (3 x 18 GB/s): ring %.2f ms, the book's 2 S / (3 B) %.2f ms",
                ring(8, BOOK_SIZE, 3 * BOOK_NVLINK) * 1e3,
                2 * BOOK_SIZE / (3 * BOOK_NVLINK) * 1e3));
        lines.forEach(LOG::info);

        double[] x = rows.stream().mapToDouble(Row::workers).toArray();
        Path plot = Plot.plot(
                x,
                List.of(
                        rows.stream().mapToDouble(r -> r.centralWorker() * 1e3).toArray(),
                        rows.stream().mapToDouble(r -> r.centralCpu() * 1e3).toArray(),
                        rows.stream().mapToDouble(r -> r.tree() * 1e3).toArray(),
                        rows.stream().mapToDouble(r -> r.ring() * 1e3).toArray()),
                Axes.of()
                        .withLabels("workers", "ms per synchronisation")
                        .withScales("log", "log")
                        .withYlim(5, 10_000) // room above the curves for the legend
                        .withLegend("central (one worker)", "central (CPU)", "tree", "ring"),
                c.out().resolve("12.7-sync-time.png"));
        LOG.info("plot: {}", plot.toAbsolutePath());
        return new Result(rows, lines, plot);
    }
}
