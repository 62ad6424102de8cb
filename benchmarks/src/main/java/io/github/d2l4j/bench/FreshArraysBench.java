package io.github.d2l4j.bench;

import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The base of benchmarks whose operation allocates large native arrays outside DL4J's workspaces
 * (a layer called on its own, a resize): JVM options as {@code ./d2l} runs, and a collection
 * after each call, outside the measurement. ND4J frees such arrays only when their Java owners
 * are collected; letting about 100 MB a call pile up made the timings swing by ±60%. JMH
 * inherits these annotations.
 */
@Fork(
        value = 1,
        jvmArgsAppend = {
            "-Xmx3g",
            "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1",
            "-Dorg.bytedeco.javacpp.maxphysicalbytes=0",
            "-Dorg.bytedeco.javacpp.platform.extension=-onednn"
        }) // run under OMP_WAIT_POLICY=PASSIVE, as ./d2l does
public abstract class FreshArraysBench {

    @TearDown(Level.Invocation)
    public void collect() {
        System.gc();
    }
}
