package io.github.d2l4j.common.section;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RunOptionsTest {
    @Test
    void workersAreReadOrReportedUnread() {
        RunOptions two = new RunOptions(null, null, null, null, null, null, null, 2);
        assertThat(two.unread()).containsExactly("workers");
        assertThat(two.workers()).isEqualTo(2);
        assertThat(two.unread()).isEmpty();
        assertThat(RunOptions.none().workers()).isNull();
    }

    @Test
    void fewerThanOneWorkerIsRefused() {
        assertThatThrownBy(() -> new RunOptions(null, null, null, null, null, null, null, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the number of workers must be at least 1, got 0");
    }
}
