package io.github.d2l4j.common.data;

import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/** A training and a test iterator, the pair the book's {@code load_data_*} functions return. */
public record DataIters(DataSetIterator train, DataSetIterator test) {}
