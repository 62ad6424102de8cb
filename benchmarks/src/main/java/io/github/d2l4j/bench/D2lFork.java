package io.github.d2l4j.bench;

import org.openjdk.jmh.annotations.Fork;

/**
 * The base of every benchmark here: one forked JVM with the options {@code ./d2l} runs sections
 * with (PERFORMANCE.md). Run JMH under {@code OMP_WAIT_POLICY=PASSIVE}, as {@code ./d2l} does.
 * JMH inherits the annotation.
 */
@Fork(
        value = 1,
        jvmArgsAppend = {
            "-Xmx3g",
            "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1",
            "-Dorg.bytedeco.javacpp.maxphysicalbytes=0",
            "-Dorg.bytedeco.javacpp.platform.extension=-onednn"
        })
public abstract class D2lFork {}
