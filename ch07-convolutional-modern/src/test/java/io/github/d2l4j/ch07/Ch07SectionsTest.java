package io.github.d2l4j.ch07;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.d2l4j.common.section.Section;
import io.github.d2l4j.common.testing.SectionContract;
import org.junit.jupiter.api.Test;

class Ch07SectionsTest {

    @Test
    void sectionsKeepTheContract() {
        SectionContract.check(new Ch07Sections(), 7, "chapter_convolutional-modern");
    }

    @Test
    void everySectionIsListedInBookOrder() {
        assertThat(new Ch07Sections().sections().stream().map(Section::id))
                .containsExactly("7.1", "7.2", "7.3", "7.4", "7.5", "7.6", "7.7");
    }
}
