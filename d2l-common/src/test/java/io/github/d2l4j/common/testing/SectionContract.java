package io.github.d2l4j.common.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.d2l4j.common.section.Chapter;
import io.github.d2l4j.common.section.RunOptions;
import io.github.d2l4j.common.section.Section;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The contract every chapter's sections keep, checked by one call from each chapter's tests:
 *
 * <ul>
 *   <li>ids are unique, belong to the chapter, and come in book order;
 *   <li>each section has a title and its page on zh.d2l.ai, in the chapter's folder there;
 *   <li>its {@code Config} builds from empty options, that is, from the book's defaults alone;
 *   <li>its class's javadoc names the section ("D2L 3.6, ...").
 * </ul>
 */
public final class SectionContract {
    private static final Pattern PAGE = Pattern.compile("https://zh\\.d2l\\.ai/([a-z0-9_-]+)/([a-z0-9-]+)\\.html");

    private SectionContract() {}

    /**
     * Checks {@code chapter}'s sections. Run it from the chapter module's tests, whose working
     * directory is the module, so that the sources are at {@code src/main/java}.
     *
     * @param number the chapter's number, such as 3
     * @param folder the chapter's folder in d2l-zh, such as "chapter_linear-networks"
     */
    public static void check(Chapter chapter, int number, String folder) {
        List<Section<?>> sections = chapter.sections();
        assertThat(sections).as("sections of chapter %d", number).isNotEmpty();
        Set<String> seen = new HashSet<>();
        int previous = 0;
        for (Section<?> s : sections) {
            String id = s.id();
            assertThat(seen.add(id)).as("id %s is unique", id).isTrue();
            assertThat(id).as("id of %s", s.type().getSimpleName()).matches(number + "\\.[1-9][0-9]*");
            int minor = Integer.parseInt(id.substring(id.indexOf('.') + 1));
            assertThat(minor)
                    .as("%s comes after %d.%d in book order", id, number, previous)
                    .isGreaterThan(previous);
            previous = minor;

            assertThat(s.title()).as("title of %s", id).isNotBlank();
            Matcher page = PAGE.matcher(s.page());
            assertThat(page.matches())
                    .as("page of %s is a zh.d2l.ai page: %s", id, s.page())
                    .isTrue();
            assertThat(page.group(1)).as("chapter folder of %s's page", id).isEqualTo(folder);

            assertThat(s.config().apply(RunOptions.none()))
                    .as("%s's Config from the book's defaults", id)
                    .isNotNull();
            assertThat(classJavadoc(s.type()))
                    .as("javadoc of %s", s.type().getName())
                    .contains("D2L " + id + ",");
        }
    }

    /** The javadoc comment in front of a top-level class, read from its source file. */
    static String classJavadoc(Class<?> type) {
        Path source = Path.of("src/main/java", type.getName().replace('.', '/') + ".java");
        String text;
        try {
            text = Files.readString(source);
        } catch (IOException e) {
            throw new AssertionError(
                    "cannot read the source of " + type.getName() + " at " + source.toAbsolutePath(), e);
        }
        int declaration = text.indexOf("class " + type.getSimpleName());
        int start = text.lastIndexOf("/**", declaration);
        int end = text.indexOf("*/", start);
        assertThat(start).as("%s has a class javadoc", type.getName()).isNotNegative();
        return text.substring(start, end);
    }
}
