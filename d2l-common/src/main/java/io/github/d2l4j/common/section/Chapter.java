package io.github.d2l4j.common.section;

import java.util.List;

/**
 * A chapter module's list of sections, in book order, found by {@link java.util.ServiceLoader}:
 * each chapter names its implementation in {@code
 * META-INF/services/io.github.d2l4j.common.section.Chapter}, so that nothing else needs to know
 * the chapter by name.
 */
public interface Chapter {
    List<Section<?>> sections();
}
