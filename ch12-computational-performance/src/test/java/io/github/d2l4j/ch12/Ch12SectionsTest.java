package io.github.d2l4j.ch12;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.d2l4j.common.section.Section;
import io.github.d2l4j.common.testing.SectionContract;
import org.junit.jupiter.api.Test;

class Ch12SectionsTest {

    @Test
    void sectionsKeepTheContract() {
        SectionContract.check(new Ch12Sections(), 12, "chapter_computational-performance");
    }

    @Test
    void everySectionIsListedInBookOrder() {
        assertThat(new Ch12Sections().sections().stream().map(Section::id))
                .containsExactly("12.1", "12.2", "12.3", "12.4", "12.5", "12.6", "12.7");
    }
}
