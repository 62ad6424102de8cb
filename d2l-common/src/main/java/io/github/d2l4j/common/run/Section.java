package io.github.d2l4j.common.run;

import java.util.function.Function;

/**
 * One runnable book section.
 *
 * @param id the book's number, such as "3.6"
 * @param title the book's title
 * @param type the section class, for listings
 * @param run builds the section's {@code Config} from the options and runs it
 */
public record Section(String id, String title, Class<?> type, Function<RunOptions, SectionResult> run) {}
