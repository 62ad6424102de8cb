package io.github.d2l4j.common.run;

import org.nd4j.linalg.factory.Nd4j;

/**
 * ND4J's thread count. The book's models are small: a (256, 784) x (784, 10) product or a
 * (256, 10) softmax is over in microseconds, and ND4J's habit of splitting every op across
 * OpenMP threads costs more than it saves. Measured on a 2-core machine, every chapter 3 setup
 * ran 2-5x faster with one thread than with two, so one is the default; {@code --threads N} or
 * {@code D2L_THREADS=N} changes it (convolutional chapters gain from more).
 */
public final class Threads {
    /** The measured best for the book's small models. */
    public static final int DEFAULT = 1;

    private Threads() {}

    /** Caps ND4J's own loops, its OpenMP regions and the BLAS library at {@code n} threads. */
    public static void set(int n) {
        if (n <= 0) {
            throw new IllegalArgumentException("threads must be positive, got " + n);
        }
        Nd4j.getEnvironment().setMaxThreads(n);
        Nd4j.getEnvironment().setMaxMasterThreads(n);
        Nd4j.factory().blas().setMaxThreads(n);
    }
}
