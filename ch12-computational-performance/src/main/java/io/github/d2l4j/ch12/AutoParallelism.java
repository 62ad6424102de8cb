package io.github.d2l4j.ch12;

import io.github.d2l4j.common.device.Devices;
import io.github.d2l4j.common.metrics.Benchmark;
import io.github.d2l4j.common.section.BookSection;
import io.github.d2l4j.common.section.RunOptions;
import io.github.d2l4j.common.section.SectionResult;
import io.github.d2l4j.common.section.Summary;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.concurrency.AffinityManager;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Automatic parallelism: a framework that sees the dependencies between operations runs the
 * independent ones at once, on several devices, or overlaps computing with copying.
 *
 * <p>The book's {@code run(x)}, {@code [x.mm(x) for _ in range(50)]}: 50 matrix products, none
 * depending on another. It times one chain on GPU 1, one on GPU 2, then both issued together,
 * which takes about as long as one. Here the two devices are two CPU workers (threads), each
 * with one BLAS thread, so that a worker is one core as a GPU is one device; ND4J's CPU backend
 * is synchronous (12.2), so "both at once" needs the two threads that PyTorch's asynchronous GPU
 * streams give the book for free. The lines: {@code worker 1 time}, {@code worker 2 time}, {@code
 * one after the other}, {@code worker 1 & worker 2}.
 *
 * <p>What differs from the book: its matrices are 4000x4000, 128 GFLOP a product and 6.4 TFLOP a
 * chain, minutes on this machine's 2 cores. The size is shrunk to 500x500 (0.25 GFLOP a product,
 * well under a second a chain), the structure kept; {@code size} sets it. The book's gain (both chains in the
 * time of one) needs two free devices. Here, measured on the 2 shared cores (load average 3.5,
 * 1 BLAS thread asked for), one chain took 0.28-0.35 s, both one after the other 0.46 s and both at
 * once 0.53 s (0.87x): ND4J's product already keeps both cores busy (its 100 products ran at about
 * 54 GFLOP/s, more than one core gives), so a second worker has no idle core to use. The result
 * carries the four times and their ratio; nothing about the speed is asserted.
 *
 * <p>The book's second experiment, {@link #copyOverlap}: run the chain on GPU 1, copy its 50
 * results to the CPU, then both together, each result copied ({@code non_blocking=True}) while the
 * next one is computed, in less than the sum of the two. It needs a GPU and its copy engine: on a
 * CPU the arrays already live in host memory, there is nothing to copy, and the section prints a
 * line saying so; under {@code -Pcuda} it runs, with {@code Nd4j.getExecutioner().commit()} as the
 * book's {@code torch.cuda.synchronize()} and a second thread as the book's copy stream. No GPU
 * has been lent to this project's sessions yet, so the CUDA timings are not measured here; the
 * unit test runs the same code on the CPU and checks what it copies.
 *
 * <p>D2L 12.3, Automatic Parallelism.
 */
@BookSection(
        id = "12.3",
        title = "Automatic Parallelism",
        page = "https://zh.d2l.ai/chapter_computational-performance/auto-parallelism.html")
public final class AutoParallelism {
    private static final Logger LOG = LoggerFactory.getLogger(AutoParallelism.class);

    /**
     * @param size the matrices' side (the book's 4000, shrunk to 500 for 2 cores)
     * @param products the products in a chain (the book's 50)
     * @param seed fixes the draws
     */
    public record Config(int size, int products, long seed) {
        public Config {
            if (size < 1 || products < 1) {
                throw new IllegalArgumentException(
                        "size and products must be at least 1, got " + size + ", " + products);
            }
        }

        public static Config from(RunOptions o) {
            return new Config(500, 50, o.seed(42));
        }
    }

    /**
     * @param worker1Seconds one chain alone
     * @param worker2Seconds the other chain alone
     * @param sequentialSeconds both chains one after the other
     * @param parallelSeconds both chains on two workers at once
     * @param gpu whether the copy-overlap part ran (CUDA only)
     * @param copy the copy-overlap part's three times, or null on a CPU
     */
    public record Result(
            double worker1Seconds,
            double worker2Seconds,
            double sequentialSeconds,
            double parallelSeconds,
            boolean gpu,
            CopyOverlap copy)
            implements SectionResult {
        /** One after the other over both at once. */
        public double speedup() {
            return sequentialSeconds / parallelSeconds;
        }

        @Override
        public Summary summary() {
            return Summary.of()
                    .add("worker1_sec", worker1Seconds)
                    .add("worker2_sec", worker2Seconds)
                    .add("sequential_sec", sequentialSeconds)
                    .add("parallel_sec", parallelSeconds)
                    .add("speedup", speedup())
                    .add("copy_overlap", gpu ? copy.toString() : "needs a GPU");
        }
    }

    /**
     * The book's three timings of the copy-overlap part.
     *
     * @param runSeconds {@code run(x_gpu1)} alone
     * @param copySeconds {@code copy_to_cpu(y)} alone
     * @param bothSeconds the run with each result copied as soon as it is ready
     */
    public record CopyOverlap(double runSeconds, double copySeconds, double bothSeconds) {
        @Override
        public String toString() {
            return String.format(
                    Locale.ROOT, "run %.3f s, copy %.3f s, both %.3f s", runSeconds, copySeconds, bothSeconds);
        }
    }

    /** The book's {@code run(x)}: {@code products} independent products {@code x x}. */
    static List<INDArray> run(INDArray x, int products) {
        List<INDArray> ys = new ArrayList<>(products);
        for (int i = 0; i < products; i++) {
            ys.add(x.mmul(x));
        }
        return ys;
    }

    public static Result run(Config c) {
        Nd4j.getRandom().setSeed(c.seed());
        INDArray x1 = Nd4j.rand(DataType.FLOAT, c.size(), c.size()); // torch.rand on device 1
        INDArray x2 = Nd4j.rand(DataType.FLOAT, c.size(), c.size()); // ... and on device 2
        int blasThreads = Nd4j.factory().blas().getMaxThreads();
        Nd4j.factory().blas().setMaxThreads(1); // a worker is one core, as a GPU is one device
        ExecutorService workers = Executors.newFixedThreadPool(2);
        try {
            run(x1, c.products()); // warm up both
            run(x2, c.products());
            double w1 = time("worker 1 time", () -> run(x1, c.products()));
            double w2 = time("worker 2 time", () -> run(x2, c.products()));
            double sequential = time("one after the other", () -> {
                run(x1, c.products());
                run(x2, c.products());
            });
            double parallel = time("worker 1 & worker 2", () -> {
                Future<List<INDArray>> f1 = workers.submit(() -> run(x1, c.products()));
                Future<List<INDArray>> f2 = workers.submit(() -> run(x2, c.products()));
                await(f1);
                await(f2);
            });
            LOG.info(String.format(
                    Locale.ROOT, "one after the other / both at once: %.2fx on two workers", sequential / parallel));
            boolean gpu = Devices.isCuda();
            CopyOverlap copy = null;
            if (gpu) {
                copy = copyOverlap(x1, c.products(), workers);
            } else {
                LOG.info("no GPU: the copy-overlap part (compute on GPU 1 while copying results to the CPU) "
                        + "needs a GPU; skipped on the CPU");
            }
            return new Result(w1, w2, sequential, parallel, gpu, copy);
        } finally {
            workers.shutdownNow();
            Nd4j.factory().blas().setMaxThreads(blasThreads);
        }
    }

    /**
     * The book's {@code copy_to_cpu(x, non_blocking)}: each array brought to host memory. On CUDA
     * that is a device-to-host copy; on the CPU the arrays are there already and nothing moves.
     */
    static List<INDArray> copyToCpu(List<INDArray> ys) {
        for (INDArray y : ys) {
            Nd4j.getAffinityManager().ensureLocation(y, AffinityManager.Location.HOST);
        }
        return ys;
    }

    /**
     * The book's copy-overlap experiment: {@code run} on the device, {@code copy_to_cpu} of its
     * results, then both together, where {@code copier} copies each result while the device
     * computes the next ({@code non_blocking=True} on PyTorch's copy stream). Each timing ends
     * with {@code commit()}, the book's {@code torch.cuda.synchronize()}: on CUDA, ND4J queues the
     * work and returns at once (12.2).
     */
    static CopyOverlap copyOverlap(INDArray x, int products, ExecutorService copier) {
        List<List<INDArray>> ys = new ArrayList<>(1);
        double run = time("run on GPU 1", () -> {
            ys.add(run(x, products));
            Nd4j.getExecutioner().commit();
        });
        double copy = time("copy to CPU", () -> {
            copyToCpu(ys.get(0));
            Nd4j.getExecutioner().commit();
        });
        double both = time("run on GPU 1 and copy to CPU", () -> {
            List<Future<List<INDArray>>> copies = new ArrayList<>(products);
            for (int i = 0; i < products; i++) {
                INDArray y = x.mmul(x);
                copies.add(copier.submit(() -> copyToCpu(List.of(y))));
            }
            copies.forEach(AutoParallelism::await);
            Nd4j.getExecutioner().commit();
        });
        return new CopyOverlap(run, copy, both);
    }

    private static double time(String description, Runnable work) {
        Benchmark b = new Benchmark(description);
        try (b) {
            work.run();
        }
        return b.seconds();
    }

    private static <T> T await(Future<T> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a worker", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a worker failed", e.getCause());
        }
    }
}
