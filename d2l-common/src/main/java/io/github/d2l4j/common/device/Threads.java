package io.github.d2l4j.common.device;

import org.nd4j.linalg.factory.Nd4j;

/**
 * ND4J's threads, chosen by measurement on a 2-core machine (PERFORMANCE.md).
 *
 * <ul>
 *   <li>ND4J's own ops (elementwise, reductions, softmax) run on one thread: the book's (256, 10)
 *       and (256, 256) arrays are done in microseconds, and splitting them across OpenMP threads
 *       costs more than it saves (2-5x slower with two threads).
 *   <li>Matrix products (BLAS) use {@code n} threads: the MLP's (256, 784) x (784, 256) products
 *       are large enough to gain, 1.24 to 0.79 s per epoch for 4.3 with two threads. But only
 *       where OpenMP waits passively ({@code OMP_WAIT_POLICY=PASSIVE}, which {@code ./d2l} sets):
 *       with the default spinning waits, two BLAS threads made the same epoch 2.5x slower. So
 *       without it the default is one.
 * </ul>
 *
 * {@code --threads N} or {@code D2L_THREADS=N} overrides the BLAS thread count.
 */
public final class Threads {
    /** Every core when OpenMP waits passively, else one. */
    public static final int DEFAULT = "PASSIVE".equalsIgnoreCase(System.getenv("OMP_WAIT_POLICY"))
            ? Runtime.getRuntime().availableProcessors()
            : 1;

    private static volatile boolean configured; // set by the caller, not by a default

    private Threads() {}

    /**
     * One thread for ND4J's own ops and {@link #DEFAULT} for matrix products, unless the caller set
     * threads ({@link #set}): {@code trainCh3} calls it, so that a program of one's own gets the
     * measured setting too.
     */
    public static void applyDefault() {
        if (!configured) {
            apply(1, DEFAULT);
        }
    }

    /**
     * The default for convolutional networks ({@code trainCh6}), unless the caller set threads:
     * {@link #DEFAULT} threads for ND4J's own ops, one for matrix products. oneDNN's convolutions
     * use every core through OpenMP whatever this says; what it changes is ND4J's own ops, which
     * are large here (LeNet's sigmoids run over (256, 6, 28, 28) arrays), while the dense layers'
     * products are small. Measured for 6.6 on two cores, seconds per epoch (concise, scratch):
     * 7.1-7.5 and 7.2-8.9 this way; 8.5-9.5 and 8.5 with one op thread and two BLAS threads;
     * 8.2-9.1 and 7.5-7.8 with two of each.
     */
    public static void applyConvolutionDefault() {
        if (!configured) {
            apply(DEFAULT, 1);
        }
    }

    /** One thread for ND4J's own ops, {@code n} for matrix products; the defaults then keep it. */
    public static void set(int n) {
        set(1, n);
    }

    /** {@code ops} threads for ND4J's own ops, {@code blas} for matrix products; the defaults then keep it. */
    public static void set(int ops, int blas) {
        if (ops <= 0 || blas <= 0) {
            throw new IllegalArgumentException("threads must be positive, got " + ops + " and " + blas);
        }
        configured = true;
        apply(ops, blas);
    }

    private static void apply(int ops, int blas) {
        Nd4j.getEnvironment().setMaxThreads(ops);
        Nd4j.getEnvironment().setMaxMasterThreads(ops);
        Nd4j.factory().blas().setMaxThreads(blas);
    }
}
