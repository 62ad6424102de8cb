package io.github.d2l4j.ch11;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.d2l4j.common.section.Section;
import io.github.d2l4j.common.testing.SectionContract;
import org.junit.jupiter.api.Test;

class Ch11SectionsTest {

    @Test
    void sectionsKeepTheContract() {
        SectionContract.check(new Ch11Sections(), 11, "chapter_optimization");
    }

    @Test
    void everySectionIsListedInBookOrder() {
        assertThat(new Ch11Sections().sections().stream().map(Section::id))
                .containsExactly(
                        "11.1", "11.2", "11.3", "11.4", "11.5", "11.6", "11.7", "11.8", "11.9", "11.10", "11.11");
    }
}
