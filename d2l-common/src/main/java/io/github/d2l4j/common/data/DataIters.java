package io.github.d2l4j.common.data;

/**
 * A training and a test iterator, the pair the book's {@code load_data_*} functions return. Both
 * are {@link ArrayDataSetIterator}s, so their sizes are known without a pass over them.
 */
public record DataIters(ArrayDataSetIterator train, ArrayDataSetIterator test) {}
