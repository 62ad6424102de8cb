package io.github.d2l4j.common.device;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * Lets the JVM exit with no matrix product in flight. On Ctrl-C or SIGTERM the JVM runs its
 * shutdown hooks and then {@code exit()}, which runs OpenBLAS's library destructor {@code
 * gotoblas_quit}: it tells each BLAS worker thread to stop and joins it. A worker that is busy with
 * a product the training thread started overwrites that stop request when its job is done, waits
 * for more work, and the join waits for it forever: the JVM hangs in {@code pthread_join},
 * ignoring further signals. So the training loop runs each step through {@link #step}, and a
 * shutdown hook closes the gate: it waits (up to {@value #WAIT_SECONDS} s) for the step in flight
 * to finish, and no new step starts. The BLAS workers are then idle when the destructor runs.
 */
public final class ShutdownGate {
    static final int WAIT_SECONDS = 3;

    // steps share the read lock; closing takes the write lock and never gives it back
    private static final ReentrantReadWriteLock LOCK = new ReentrantReadWriteLock();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ShutdownGate::close, "d2l4j-shutdown-gate"));
    }

    private ShutdownGate() {}

    /** Runs one step of ND4J work, unless the JVM is shutting down: then it waits for the end. */
    public static <T> T step(Supplier<T> work) {
        LOCK.readLock().lock();
        try {
            return work.get();
        } finally {
            LOCK.readLock().unlock();
        }
    }

    /** Opens a gate this thread closed: for tests, which share the JVM with other tests. */
    static void reopen() {
        LOCK.writeLock().unlock();
    }

    /** Waits for the step in flight and keeps new ones from starting; true if none is left. */
    static boolean close() {
        try {
            return LOCK.writeLock().tryLock(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
