package io.github.d2l4j.ch12;

import io.github.d2l4j.common.device.Devices;
import io.github.d2l4j.common.metrics.Benchmark;
import io.github.d2l4j.common.section.BookSection;
import io.github.d2l4j.common.section.RunOptions;
import io.github.d2l4j.common.section.SectionResult;
import io.github.d2l4j.common.section.Summary;
import java.util.Locale;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asynchronous computation: the Python frontend hands operations to the backend (C++, the GPU)
 * and returns at once; the backend works through its queue, so the frontend can run ahead, and
 * only a barrier (printing a value, {@code torch.cuda.synchronize}) waits for the work to finish.
 *
 * <p>The book's timing, ten products of 1000x1000 matrices of normal draws:
 *
 * <ul>
 *   <li><b>plain Java</b>, for the book's {@code numpy} line: {@link Random#nextGaussian} draws and
 *       a triple loop (i-k-j order, float), single-threaded, no BLAS. It is far slower than numpy's
 *       BLAS, so by default it does {@code javaReps = 1} of the ten products and the line says so;
 *       its time for ten is that times ten;
 *   <li><b>ND4J</b>, the book's {@code torch} line: {@code Nd4j.randn} and {@code mmul} (oneDNN /
 *       OpenBLAS) ten times;
 *   <li>the book's {@code Done} line: the same, ending with the barrier, here {@code
 *       Nd4j.getExecutioner().commit()} (the book's {@code torch.cuda.synchronize}).
 * </ul>
 *
 * <p>What differs from the book, honestly: ND4J's CPU backend is synchronous. Each op returns only
 * once its result is computed, so the {@code ND4J} and {@code Done} lines are about equal and
 * {@code commit()} waits for nothing. The book's gap (its {@code torch} line far shorter than its {@code Done} line on a
 * GPU: the first returns before the GPU has worked) appears only on CUDA ({@code -Pcuda}), where
 * ND4J queues ops on a stream and {@code commit()} is the barrier; on a CPU the section prints a
 * line saying so. The book's last example, {@code x * y + 2} on ones(1, 2), gives [[3, 3]].
 *
 * <p>D2L 12.2, Asynchronous Computation.
 */
@BookSection(
        id = "12.2",
        title = "Asynchronous Computation",
        page = "https://zh.d2l.ai/chapter_computational-performance/async-computation.html")
public final class AsyncComputation {
    private static final Logger LOG = LoggerFactory.getLogger(AsyncComputation.class);

    /**
     * @param size the matrices' side (the book's 1000)
     * @param reps the products ND4J computes (the book's 10)
     * @param javaReps the products plain Java computes (1 by default: a loop at 1000 takes seconds)
     * @param seed fixes the draws
     */
    public record Config(int size, int reps, int javaReps, long seed) {
        public Config {
            if (size < 1 || reps < 1 || javaReps < 1) {
                throw new IllegalArgumentException(
                        "size, reps and javaReps must be at least 1, got " + size + ", " + reps + ", " + javaReps);
            }
        }

        public static Config from(RunOptions o) {
            return new Config(1000, 10, 1, o.seed(42));
        }
    }

    /**
     * @param javaSeconds plain Java's time for its {@code javaReps} products
     * @param javaSecondsForReps that time scaled to {@code reps} products
     * @param nd4jSeconds ND4J's time for {@code reps} products, no barrier
     * @param doneSeconds the same with {@code commit()} at the end
     * @param queued whether ND4J queues ops (CUDA) or runs them as called (the CPU)
     * @param z the book's {@code x * y + 2}
     */
    public record Result(
            double javaSeconds,
            double javaSecondsForReps,
            double nd4jSeconds,
            double doneSeconds,
            boolean queued,
            INDArray z)
            implements SectionResult {
        @Override
        public Summary summary() {
            return Summary.of()
                    .add("java_sec", javaSeconds)
                    .add("java_sec_for_reps", javaSecondsForReps)
                    .add("nd4j_sec", nd4jSeconds)
                    .add("done_sec", doneSeconds)
                    .add("backend", queued ? "queued (CUDA)" : "synchronous (CPU)")
                    .add("z", z.toString().replace(" ", ""));
        }
    }

    public static Result run(Config c) {
        int n = c.size();
        Nd4j.getRandom().setSeed(c.seed());
        Random random = new Random(c.seed());
        // warm up, as the book's first torch.mm does
        Nd4j.randn(DataType.FLOAT, n, n).mmul(Nd4j.randn(DataType.FLOAT, n, n));

        Benchmark java = new Benchmark("plain Java (" + c.javaReps() + " of " + c.reps() + " products)");
        try (java) {
            for (int i = 0; i < c.javaReps(); i++) {
                float[] a = normal(random, n);
                dot(a, a, n);
            }
        }
        double javaForReps = java.seconds() / c.javaReps() * c.reps();
        LOG.info(String.format(Locale.ROOT, "plain Java, scaled to %d products: %.4f sec", c.reps(), javaForReps));

        Benchmark nd4j = new Benchmark("ND4J");
        try (nd4j) {
            for (int i = 0; i < c.reps(); i++) {
                INDArray a = Nd4j.randn(DataType.FLOAT, n, n);
                a.mmul(a);
            }
        }
        Benchmark done = new Benchmark();
        try (done) {
            for (int i = 0; i < c.reps(); i++) {
                INDArray a = Nd4j.randn(DataType.FLOAT, n, n);
                a.mmul(a);
            }
            Nd4j.getExecutioner().commit(); // the barrier: torch.cuda.synchronize(device)
        }
        boolean queued = Devices.isCuda();
        if (queued) {
            LOG.info(
                    "CUDA: ops were queued; commit() waited for them, so Done includes the work the ND4J line did not");
        } else {
            LOG.info(
                    "no GPU: ND4J's CPU backend is synchronous, each op returns when its result is ready; "
                            + "commit() waits for nothing, so ND4J and Done time the same work. The book's gap needs CUDA (-Pcuda).");
        }

        INDArray x = Nd4j.ones(DataType.FLOAT, 1, 2);
        INDArray y = Nd4j.ones(DataType.FLOAT, 1, 2);
        INDArray z = x.mul(y).addi(2);
        LOG.info("z = x * y + 2 = {}", z);
        return new Result(java.seconds(), javaForReps, nd4j.seconds(), done.seconds(), queued, z);
    }

    /** {@code numpy.random.normal(size=(n, n))} as a row-major float array. */
    static float[] normal(Random random, int n) {
        float[] a = new float[n * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) random.nextGaussian();
        }
        return a;
    }

    /** {@code numpy.dot(a, b)} of row-major n x n matrices, in plain Java (i-k-j: rows stream). */
    static float[] dot(float[] a, float[] b, int n) {
        float[] c = new float[n * n];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < n; k++) {
                float aik = a[i * n + k];
                int bRow = k * n;
                int cRow = i * n;
                for (int j = 0; j < n; j++) {
                    c[cRow + j] += aik * b[bRow + j];
                }
            }
        }
        return c;
    }
}
