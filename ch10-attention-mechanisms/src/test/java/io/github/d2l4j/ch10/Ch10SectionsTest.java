package io.github.d2l4j.ch10;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.d2l4j.common.section.Section;
import io.github.d2l4j.common.testing.SectionContract;
import org.junit.jupiter.api.Test;

class Ch10SectionsTest {

    @Test
    void sectionsKeepTheContract() {
        SectionContract.check(new Ch10Sections(), 10, "chapter_attention-mechanisms");
    }

    @Test
    void everySectionIsListedInBookOrder() {
        assertThat(new Ch10Sections().sections().stream().map(Section::id))
                .containsExactly("10.1", "10.2", "10.3", "10.4", "10.5", "10.6", "10.7");
    }
}
