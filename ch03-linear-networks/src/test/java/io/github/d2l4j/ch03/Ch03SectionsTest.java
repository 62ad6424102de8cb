package io.github.d2l4j.ch03;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.d2l4j.common.section.Section;
import io.github.d2l4j.common.testing.SectionContract;
import org.junit.jupiter.api.Test;

class Ch03SectionsTest {

    @Test
    void sectionsKeepTheContract() {
        SectionContract.check(new Ch03Sections(), 3, "chapter_linear-networks");
    }

    @Test
    void everySectionIsListedInBookOrder() {
        assertThat(new Ch03Sections().sections().stream().map(Section::id))
                .containsExactly("3.1", "3.2", "3.3", "3.4", "3.5", "3.6", "3.7");
    }
}
