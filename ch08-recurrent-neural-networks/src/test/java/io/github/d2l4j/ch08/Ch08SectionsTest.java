package io.github.d2l4j.ch08;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.d2l4j.common.section.Section;
import io.github.d2l4j.common.testing.SectionContract;
import org.junit.jupiter.api.Test;

class Ch08SectionsTest {

    @Test
    void sectionsKeepTheContract() {
        SectionContract.check(new Ch08Sections(), 8, "chapter_recurrent-neural-networks");
    }

    @Test
    void everySectionIsListedInBookOrder() {
        assertThat(new Ch08Sections().sections().stream().map(Section::id))
                .containsExactly("8.1", "8.2", "8.3", "8.4", "8.5", "8.6", "8.7");
    }
}
