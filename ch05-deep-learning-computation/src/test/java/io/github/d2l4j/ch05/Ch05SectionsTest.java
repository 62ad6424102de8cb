package io.github.d2l4j.ch05;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.d2l4j.common.section.Section;
import io.github.d2l4j.common.testing.SectionContract;
import org.junit.jupiter.api.Test;

class Ch05SectionsTest {

    @Test
    void sectionsKeepTheContract() {
        SectionContract.check(new Ch05Sections(), 5, "chapter_deep-learning-computation");
    }

    @Test
    void everySectionIsListedInBookOrder() {
        assertThat(new Ch05Sections().sections().stream().map(Section::id))
                .containsExactly("5.1", "5.2", "5.3", "5.4", "5.5", "5.6");
    }
}
