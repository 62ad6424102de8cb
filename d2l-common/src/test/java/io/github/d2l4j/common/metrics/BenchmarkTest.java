package io.github.d2l4j.common.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BenchmarkTest {

    @Test
    void timesTheBlockAndWritesTheBooksLine() throws InterruptedException {
        Benchmark b = new Benchmark("numpy");
        assertThat(b.seconds()).isNaN();
        try (b) {
            Thread.sleep(20);
        }
        assertThat(b.seconds()).isBetween(0.015, 5.0);
        assertThat(b.line()).matches("numpy: [0-9]+\\.[0-9]{4} sec");
        double first = b.seconds();
        b.close(); // a second close keeps the first time
        assertThat(b.seconds()).isEqualTo(first);
    }

    @Test
    void theBooksDefaultDescriptionIsDone() {
        Benchmark b = new Benchmark();
        b.close();
        assertThat(b.line()).startsWith("Done: ");
    }
}
