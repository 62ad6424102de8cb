package io.github.d2l4j.common.run;

import java.util.List;

/**
 * A chapter module's list of sections, found by {@link java.util.ServiceLoader}: each chapter
 * names its implementation in {@code META-INF/services/io.github.d2l4j.common.run.Chapter}, so
 * d2l-common knows no chapter by name.
 */
public interface Chapter {
    List<Section> sections();
}
