package io.github.d2l4j.ch02;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.d2l4j.common.section.Section;
import io.github.d2l4j.common.testing.SectionContract;
import org.junit.jupiter.api.Test;

class Ch02SectionsTest {

    @Test
    void sectionsKeepTheContract() {
        SectionContract.check(new Ch02Sections(), 2, "chapter_preliminaries");
    }

    @Test
    void everySectionIsListedInBookOrder() {
        assertThat(new Ch02Sections().sections().stream().map(Section::id))
                .containsExactly("2.1", "2.2", "2.3", "2.4", "2.5", "2.6", "2.7");
    }
}
