package io.github.d2l4j.common.section;

import java.util.Objects;
import java.util.function.Function;

/**
 * One runnable book section: its {@link BookSection} facts, how to build its {@code Config} from
 * the options, and how to run it. A chapter lists one per section:
 *
 * <pre>{@code
 * Section.of(SoftmaxRegressionScratch.class, SoftmaxRegressionScratch.Config::from, SoftmaxRegressionScratch::run)
 * }</pre>
 *
 * @param book the section's number, title and page, from the class's annotation
 * @param type the section class
 * @param config builds the section's {@code Config}, holding the book's defaults, from the options
 * @param run runs the section on a {@code Config}
 * @param <C> the section's {@code Config}
 */
public record Section<C>(
        BookSection book, Class<?> type, Function<RunOptions, C> config, Function<C, ? extends SectionResult> run) {

    public Section {
        Objects.requireNonNull(book, "book");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(run, "run");
    }

    /**
     * The section that {@code type}'s {@link BookSection} annotation describes.
     *
     * @throws IllegalArgumentException if {@code type} has no such annotation
     */
    public static <C> Section<C> of(
            Class<?> type, Function<RunOptions, C> config, Function<C, ? extends SectionResult> run) {
        BookSection book = type.getAnnotation(BookSection.class);
        if (book == null) {
            throw new IllegalArgumentException(type.getName() + " is not annotated with @BookSection");
        }
        return new Section<>(book, type, config, run);
    }

    public String id() {
        return book.id();
    }

    public String title() {
        return book.title();
    }

    public String page() {
        return book.page();
    }
}
