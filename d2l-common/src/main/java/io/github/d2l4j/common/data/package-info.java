/**
 * Data: generated data ({@code syntheticData}, D2L 3.2), in-memory minibatch iterators ({@code
 * loadArray}, D2L 3.3) and Fashion-MNIST ({@code loadDataFashionMnist}, D2L 3.5) with its file
 * resolution, verified downloads and IDX reader.
 */
package io.github.d2l4j.common.data;
