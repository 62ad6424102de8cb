package io.github.d2l4j.ch12;

import io.github.d2l4j.common.section.BookSection;
import io.github.d2l4j.common.section.RunOptions;
import io.github.d2l4j.common.section.SectionResult;
import io.github.d2l4j.common.section.Summary;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hardware: what a computer is made of (CPU, memory, storage, GPUs, networks and buses) and how
 * long each kind of access takes. The book has no code here; its lesson is in its two tables of
 * latency numbers (Eliot Eshelman's, after Jeff Dean's), kept here as data and printed.
 *
 * <p>Common latency numbers (the book's {@code table_latency_numbers}):
 *
 * <pre>
 * | Action                                  |   Time | Notes                                |
 * | L1 cache reference/hit                  | 1.5 ns | 4 cycles                             |
 * | Floating-point add/mult/FMA             | 1.5 ns | 4 cycles                             |
 * | L2 cache reference/hit                  |   5 ns | 12 ~ 17 cycles                       |
 * | Branch mispredict                       |   6 ns | 15 ~ 20 cycles                       |
 * | L3 cache hit (unshared cache)           |  16 ns | 42 cycles                            |
 * | L3 cache hit (shared in another core)   |  25 ns | 65 cycles                            |
 * | Mutex lock/unlock                       |  25 ns |                                      |
 * | L3 cache hit (modified in another core) |  29 ns | 75 cycles                            |
 * | L3 cache hit (on a remote CPU socket)   |  40 ns | 100 ~ 300 cycles (40 ~ 116 ns)       |
 * | QPI hop to a another CPU (per hop)      |  40 ns |                                      |
 * | 64MB memory ref. (local CPU)            |  46 ns | TinyMemBench on Broadwell E5-2690v4  |
 * | 64MB memory ref. (remote CPU)           |  70 ns | TinyMemBench on Broadwell E5-2690v4  |
 * | 256MB memory ref. (local CPU)           |  75 ns | TinyMemBench on Broadwell E5-2690v4  |
 * | Intel Optane random write               |  94 ns | UCSD Non-Volatile Systems Lab        |
 * | 256MB memory ref. (remote CPU)          | 120 ns | TinyMemBench on Broadwell E5-2690v4  |
 * | Intel Optane random read                | 305 ns | UCSD Non-Volatile Systems Lab        |
 * | Send 4KB over 100 Gbps HPC fabric       |   1 μs | MVAPICH2 over Intel Omni-Path        |
 * | Compress 1KB with Google Snappy         |   3 μs |                                      |
 * | Send 4KB over 10 Gbps ethernet          |  10 μs |                                      |
 * | Write 4KB randomly to NVMe SSD          |  30 μs | DC P3608 NVMe SSD (QOS 99% is 500μs) |
 * | Transfer 1MB to/from NVLink GPU         |  30 μs | ~33GB/s on NVIDIA 40GB NVLink        |
 * | Transfer 1MB to/from PCI-E GPU          |  80 μs | ~12GB/s on PCIe 3.0 x16 link         |
 * | Read 4KB randomly from NVMe SSD         | 120 μs | DC P3608 NVMe SSD (QOS 99%)          |
 * | Read 1MB sequentially from NVMe SSD     | 208 μs | ~4.8GB/s DC P3608 NVMe SSD           |
 * | Write 4KB randomly to SATA SSD          | 500 μs | DC S3510 SATA SSD (QOS 99.9%)        |
 * | Read 4KB randomly from SATA SSD         | 500 μs | DC S3510 SATA SSD (QOS 99.9%)        |
 * | Round trip within same datacenter       | 500 μs | One-way ping is ~250μs               |
 * | Read 1MB sequentially from SATA SSD     |   2 ms | ~550MB/s DC S3510 SATA SSD           |
 * | Read 1MB sequentially from disk         |   5 ms | ~200MB/s server HDD                  |
 * | Random Disk Access (seek+rotation)      |  10 ms |                                      |
 * | Send packet CA-&gt;Netherlands-&gt;CA   | 150 ms |                                      |
 * </pre>
 *
 * <p>Latency numbers for NVIDIA Tesla GPUs (the book's {@code table_latency_numbers_tesla}):
 *
 * <pre>
 * | Action                          |   Time | Notes                                     |
 * | GPU Shared Memory access        |  30 ns | 30~90 cycles (bank conflicts add latency) |
 * | GPU Global Memory access        | 200 ns | 200~800 cycles                            |
 * | Launch CUDA kernel on GPU       |  10 μs | Host CPU instructs GPU to start kernel    |
 * | Transfer 1MB to/from NVLink GPU |  30 μs | ~33GB/s on NVIDIA 40GB NVLink             |
 * | Transfer 1MB to/from PCI-E GPU  |  80 μs | ~12GB/s on PCI-Express x16 link           |
 * </pre>
 *
 * <p>The lesson, as the book's summary puts it: devices have overheads per operation, so aim for a
 * few large transfers rather than many small ones (RAM, SSDs, networks and GPUs alike); a main
 * memory reference costs 50 L1 hits, a GPU kernel launch thousands. The result carries the two
 * tables as printed and the ratios the text leans on.
 *
 * <p>D2L 12.4, Hardware.
 */
@BookSection(
        id = "12.4",
        title = "Hardware",
        page = "https://zh.d2l.ai/chapter_computational-performance/hardware.html")
public final class Hardware {
    private static final Logger LOG = LoggerFactory.getLogger(Hardware.class);

    /** One row of the book's tables: the time in nanoseconds, as the book writes it, and its note. */
    public record Latency(String action, double nanos, String time, String notes) {}

    private static final double NS = 1, US = 1e3, MS = 1e6;

    /** The book's common latency numbers, in its order. */
    public static final List<Latency> LATENCY_NUMBERS = List.of(
            row("L1 cache reference/hit", 1.5, NS, "4 cycles"),
            row("Floating-point add/mult/FMA", 1.5, NS, "4 cycles"),
            row("L2 cache reference/hit", 5, NS, "12 ~ 17 cycles"),
            row("Branch mispredict", 6, NS, "15 ~ 20 cycles"),
            row("L3 cache hit (unshared cache)", 16, NS, "42 cycles"),
            row("L3 cache hit (shared in another core)", 25, NS, "65 cycles"),
            row("Mutex lock/unlock", 25, NS, ""),
            row("L3 cache hit (modified in another core)", 29, NS, "75 cycles"),
            row("L3 cache hit (on a remote CPU socket)", 40, NS, "100 ~ 300 cycles (40 ~ 116 ns)"),
            row("QPI hop to a another CPU (per hop)", 40, NS, ""),
            row("64MB memory ref. (local CPU)", 46, NS, "TinyMemBench on Broadwell E5-2690v4"),
            row("64MB memory ref. (remote CPU)", 70, NS, "TinyMemBench on Broadwell E5-2690v4"),
            row("256MB memory ref. (local CPU)", 75, NS, "TinyMemBench on Broadwell E5-2690v4"),
            row("Intel Optane random write", 94, NS, "UCSD Non-Volatile Systems Lab"),
            row("256MB memory ref. (remote CPU)", 120, NS, "TinyMemBench on Broadwell E5-2690v4"),
            row("Intel Optane random read", 305, NS, "UCSD Non-Volatile Systems Lab"),
            row("Send 4KB over 100 Gbps HPC fabric", 1, US, "MVAPICH2 over Intel Omni-Path"),
            row("Compress 1KB with Google Snappy", 3, US, ""),
            row("Send 4KB over 10 Gbps ethernet", 10, US, ""),
            row("Write 4KB randomly to NVMe SSD", 30, US, "DC P3608 NVMe SSD (QOS 99% is 500μs)"),
            row("Transfer 1MB to/from NVLink GPU", 30, US, "~33GB/s on NVIDIA 40GB NVLink"),
            row("Transfer 1MB to/from PCI-E GPU", 80, US, "~12GB/s on PCIe 3.0 x16 link"),
            row("Read 4KB randomly from NVMe SSD", 120, US, "DC P3608 NVMe SSD (QOS 99%)"),
            row("Read 1MB sequentially from NVMe SSD", 208, US, "~4.8GB/s DC P3608 NVMe SSD"),
            row("Write 4KB randomly to SATA SSD", 500, US, "DC S3510 SATA SSD (QOS 99.9%)"),
            row("Read 4KB randomly from SATA SSD", 500, US, "DC S3510 SATA SSD (QOS 99.9%)"),
            row("Round trip within same datacenter", 500, US, "One-way ping is ~250μs"),
            row("Read 1MB sequentially from SATA SSD", 2, MS, "~550MB/s DC S3510 SATA SSD"),
            row("Read 1MB sequentially from disk", 5, MS, "~200MB/s server HDD"),
            row("Random Disk Access (seek+rotation)", 10, MS, ""),
            row("Send packet CA->Netherlands->CA", 150, MS, ""));

    /** The book's latency numbers for NVIDIA Tesla GPUs. */
    public static final List<Latency> LATENCY_NUMBERS_TESLA = List.of(
            row("GPU Shared Memory access", 30, NS, "30~90 cycles (bank conflicts add latency)"),
            row("GPU Global Memory access", 200, NS, "200~800 cycles"),
            row("Launch CUDA kernel on GPU", 10, US, "Host CPU instructs GPU to start kernel"),
            row("Transfer 1MB to/from NVLink GPU", 30, US, "~33GB/s on NVIDIA 40GB NVLink"),
            row("Transfer 1MB to/from PCI-E GPU", 80, US, "~12GB/s on PCI-Express x16 link"));

    /** Nothing to set: the section prints the book's tables. */
    public record Config() {
        public static Config from(RunOptions o) {
            return new Config();
        }
    }

    /**
     * @param lines the two tables as printed, headers included
     * @param memoryOverL1 a 64MB local memory reference over an L1 hit (about 31)
     * @param kernelLaunchOverFlop a CUDA kernel launch over one floating-point operation (about 6667)
     */
    public record Result(List<String> lines, double memoryOverL1, double kernelLaunchOverFlop)
            implements SectionResult {
        @Override
        public Summary summary() {
            return Summary.of()
                    .add("rows", lines.size() - 4)
                    .add("memory_over_l1", memoryOverL1)
                    .add("kernel_launch_over_flop", kernelLaunchOverFlop);
        }
    }

    public static Result run(Config c) {
        List<String> lines = new ArrayList<>();
        lines.addAll(table("Common Latency Numbers", LATENCY_NUMBERS));
        lines.addAll(table("Latency Numbers for NVIDIA Tesla GPUs", LATENCY_NUMBERS_TESLA));
        lines.forEach(LOG::info);
        double memoryOverL1 =
                LATENCY_NUMBERS.get(10).nanos() / LATENCY_NUMBERS.get(0).nanos();
        double kernelLaunchOverFlop =
                LATENCY_NUMBERS_TESLA.get(2).nanos() / LATENCY_NUMBERS.get(1).nanos();
        LOG.info(String.format(
                Locale.ROOT,
                "a memory reference costs %.0f L1 hits; a kernel launch %.0f floating-point operations",
                memoryOverL1,
                kernelLaunchOverFlop));
        return new Result(lines, memoryOverL1, kernelLaunchOverFlop);
    }

    /** A table as the book writes it: a caption, the header, then {@code | action | time | notes |}. */
    static List<String> table(String caption, List<Latency> rows) {
        int width = rows.stream().mapToInt(r -> r.action().length()).max().orElse(6);
        String format = "| %-" + width + "s | %6s | %s |";
        List<String> lines = new ArrayList<>();
        lines.add(caption + ":");
        lines.add(String.format(Locale.ROOT, format, "Action", "Time", "Notes"));
        for (Latency r : rows) {
            lines.add(String.format(Locale.ROOT, format, r.action(), r.time(), r.notes()));
        }
        return lines;
    }

    private static Latency row(String action, double value, double unit, String notes) {
        String suffix = unit == NS ? "ns" : unit == US ? "μs" : "ms";
        String number = value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
        return new Latency(action, value * unit, number + " " + suffix, notes);
    }
}
