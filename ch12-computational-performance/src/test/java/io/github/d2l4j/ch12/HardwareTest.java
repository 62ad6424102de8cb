package io.github.d2l4j.ch12;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class HardwareTest {

    @Test
    void thePrintedTablesHaveTheBooksRows() {
        Hardware.Result r = Hardware.run(new Hardware.Config());
        // 31 common rows and 5 GPU rows, each table with a caption and a header
        assertThat(r.lines()).hasSize(31 + 5 + 4);
        assertThat(r.lines().get(2)).matches("\\| L1 cache reference/hit +\\| +1\\.5 ns \\| 4 cycles \\|");
        assertThat(r.lines())
                .anySatisfy(l -> assertThat(l).matches("\\| Mutex lock/unlock +\\| +25 ns \\|  \\|"))
                .anySatisfy(
                        l -> assertThat(l)
                                .matches(
                                        "\\| Read 1MB sequentially from NVMe SSD +\\| +208 μs \\| ~4\\.8GB/s DC P3608 NVMe SSD \\|"))
                .anySatisfy(l -> assertThat(l).matches("\\| Send packet CA->Netherlands->CA +\\| +150 ms \\|  \\|"))
                .anySatisfy(
                        l -> assertThat(l)
                                .matches(
                                        "\\| Launch CUDA kernel on GPU +\\| +10 μs \\| Host CPU instructs GPU to start kernel \\|"));
        assertThat(r.memoryOverL1()).isCloseTo(46 / 1.5, within(1e-9));
        assertThat(r.kernelLaunchOverFlop()).isCloseTo(10_000 / 1.5, within(1e-6));
    }

    @Test
    void theBooksCommonTableIsInOrderOfTime() {
        for (int i = 1; i < Hardware.LATENCY_NUMBERS.size(); i++) {
            assertThat(Hardware.LATENCY_NUMBERS.get(i).nanos())
                    .as(Hardware.LATENCY_NUMBERS.get(i).action())
                    .isGreaterThanOrEqualTo(Hardware.LATENCY_NUMBERS.get(i - 1).nanos());
        }
        assertThat(Hardware.LATENCY_NUMBERS.get(30).nanos()).isEqualTo(150e6);
    }
}
