package io.github.d2l4j.ch06;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.d2l4j.common.section.Section;
import io.github.d2l4j.common.testing.SectionContract;
import org.junit.jupiter.api.Test;

class Ch06SectionsTest {

    @Test
    void sectionsKeepTheContract() {
        SectionContract.check(new Ch06Sections(), 6, "chapter_convolutional-neural-networks");
    }

    @Test
    void everySectionIsListedInBookOrder() {
        assertThat(new Ch06Sections().sections().stream().map(Section::id))
                .containsExactly("6.2", "6.3", "6.4", "6.5", "6.6");
    }
}
