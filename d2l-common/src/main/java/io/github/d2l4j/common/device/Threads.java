package io.github.d2l4j.common.device;

import org.nd4j.linalg.factory.Nd4j;

/**
 * ND4J's threads, chosen by measurement on a 2-core machine (README, Performance).
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

    private static volatile boolean configured;

    private Threads() {}

    /**
     * {@link #set} with {@link #DEFAULT}, unless threads were already set: the library's training
     * entry points call it, so that a program of one's own gets the measured setting too.
     */
    public static void applyDefault() {
        if (!configured) {
            set(DEFAULT);
        }
    }

    /** One thread for ND4J's own ops, {@code n} for matrix products. */
    public static void set(int n) {
        if (n <= 0) {
            throw new IllegalArgumentException("threads must be positive, got " + n);
        }
        configured = true;
        Nd4j.getEnvironment().setMaxThreads(1);
        Nd4j.getEnvironment().setMaxMasterThreads(1);
        Nd4j.factory().blas().setMaxThreads(n);
    }
}
