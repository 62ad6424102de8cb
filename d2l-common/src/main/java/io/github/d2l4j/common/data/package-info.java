/**
 * Data: generated data ({@code syntheticData}, D2L 3.2), in-memory minibatch iterators ({@code
 * loadArray}, D2L 3.3) and Fashion-MNIST ({@code loadDataFashionMnist}, D2L 3.5) with its file
 * resolution, verified downloads and IDX reader; text for language models ({@code Text}, {@code
 * Vocab}, {@code TimeMachine}, D2L 8.2) and its minibatches ({@code SeqDataLoader}, D2L 8.3).
 */
package io.github.d2l4j.common.data;
