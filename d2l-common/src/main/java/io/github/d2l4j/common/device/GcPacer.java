package io.github.d2l4j.common.device;

import org.bytedeco.javacpp.Pointer;

/**
 * Keeps ND4J's native garbage bounded where Java alone would let it grow to gigabytes.
 *
 * <p>ND4J frees an array's native buffer only once the garbage collector has collected the small
 * Java object that owns it. A SameDiff training step allocates fresh arrays for every activation
 * and gradient (about 40 MB for 6.6's LeNet at batch 256) but hardly any Java heap, so the
 * collector runs rarely, survivors get tenured, and the buffers wait for a full collection that
 * may not come for the whole run: 6.6's scratch LeNet reached 2.7 GB of resident memory within an
 * epoch, whatever {@code -Xmx} or {@code -Xmn}. JavaCPP's limit ({@code
 * org.bytedeco.javacpp.maxbytes}) does not see these buffers, ND4J does not count them, and the
 * resident size is no guide either: glibc keeps freed memory for reuse, so it does not fall after
 * a collection.
 *
 * <p>So {@link #afterStep} asks for a collection once the process holds more than {@link
 * #ABOVE_BYTES} of resident memory, at most every {@link #INTERVAL_MS} of training. A step's
 * garbage grows with its work, so this bounds the garbage to about that much work's worth,
 * whatever the model: LeNet (~45 ms a step) collects every few steps once it is past the mark, a
 * large network after each step, whose own cost dwarfs the collection's, and the small models of
 * chapters 3 and 4, which stay under the mark, never (a full collection costs them 50-70 ms, 20%
 * of 3.6's epoch). Measured on 6.6's scratch LeNet: peak resident memory about 1 GB instead of 2.7
 * GB, and the epoch no slower (fresh pages cost more than the collections).
 */
public final class GcPacer {
    /** Resident memory above which collections start; {@code -Dd2l.gc.aboveMb=N} changes it. */
    public static final long ABOVE_BYTES = Long.getLong("d2l.gc.aboveMb", 1024) << 20;

    /** Training time between collections; {@code -Dd2l.gc.intervalMs=N} changes it, 0 switches them off. */
    public static final long INTERVAL_MS = Long.getLong("d2l.gc.intervalMs", 250);

    private long last = System.nanoTime();

    /** Call after each training or evaluation step. */
    public void afterStep() {
        long now = System.nanoTime();
        if (INTERVAL_MS > 0 && now - last > INTERVAL_MS * 1_000_000) {
            last = now;
            if (Pointer.physicalBytes() > ABOVE_BYTES) { // one read of /proc/self/statm
                System.gc();
                last = System.nanoTime();
            }
        }
    }
}
