package io.github.d2l4j.ch04;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.d2l4j.common.section.Section;
import io.github.d2l4j.common.testing.SectionContract;
import org.junit.jupiter.api.Test;

class Ch04SectionsTest {

    @Test
    void sectionsKeepTheContract() {
        SectionContract.check(new Ch04Sections(), 4, "chapter_multilayer-perceptrons");
    }

    @Test
    void everySectionIsListedInBookOrder() {
        assertThat(new Ch04Sections().sections().stream().map(Section::id))
                .containsExactly("4.1", "4.2", "4.3", "4.4", "4.5", "4.6", "4.7", "4.8", "4.10");
    }
}
