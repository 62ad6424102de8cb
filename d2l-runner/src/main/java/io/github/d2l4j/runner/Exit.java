package io.github.d2l4j.runner;

/**
 * Ends the JVM with a run's exit status, unless Ctrl-C or SIGTERM came first: then the signal's
 * status, 130 or 143, stands, whatever the run failed with meanwhile.
 *
 * <p>On a signal the JVM runs the shutdown hooks and then halts with 128 + the signal's number.
 * The run goes on meanwhile, and the shutdown can make it fail: a hook deletes the file it is
 * writing, or a class it loads for the first time cannot register its own hook. Its {@code
 * System.exit(1)} would then be the data error's status; and once the hooks have run, a nonzero
 * {@code System.exit} halts at once, racing the signal's halt. So a run that ends while the JVM is
 * shutting down does not exit at all: it waits for the halt the signal began.
 */
final class Exit {
    private Exit() {}

    /** Exits with {@code status}; if the JVM is already shutting down, waits for that to end it. */
    static void exit(int status) {
        if (shuttingDown()) {
            awaitHalt();
        }
        System.exit(status);
    }

    /**
     * Whether the JVM has begun to shut down. From the start of the shutdown, {@link
     * Runtime#addShutdownHook} and {@link Runtime#removeShutdownHook} refuse, with the {@link
     * IllegalStateException} their javadoc gives.
     */
    static boolean shuttingDown() {
        Thread probe = new Thread(() -> {}, "d2l4j-shutdown-probe");
        try {
            Runtime.getRuntime().addShutdownHook(probe);
            Runtime.getRuntime().removeShutdownHook(probe);
            return false;
        } catch (IllegalStateException e) {
            return true;
        }
    }

    private static void awaitHalt() {
        while (true) {
            try {
                Thread.sleep(Long.MAX_VALUE);
            } catch (InterruptedException e) {
                // the halt comes all the same
            }
        }
    }
}
