/**
 * D2L chapter 12, Computational Performance: compilers and interpreters (ND4J ops one by one, a
 * SameDiff graph and a DL4J network), asynchronous computation, automatic parallelism, the
 * hardware's latency numbers, and the cost of synchronising through parameter servers.
 */
package io.github.d2l4j.ch12;
