package io.github.d2l4j.bench;

import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The base of benchmarks whose operation allocates large native arrays outside DL4J's workspaces
 * (a layer called on its own, a resize): a collection after each call, outside the measurement. ND4J frees such arrays only when their Java owners
 * are collected; letting about 100 MB a call pile up made the timings swing by ±60%. JMH
 * inherits these annotations.
 */
public abstract class FreshArraysBench extends D2lFork {

    @TearDown(Level.Invocation)
    public void collect() {
        System.gc();
    }
}
