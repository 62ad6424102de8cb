package io.github.d2l4j.common.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DevicesTest {
    @Test
    void aNegativeGpuIndexIsBadInput() {
        assertThatThrownBy(() -> Devices.tryGpu(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("GPU index must be 0 or more, got -1");
    }

    @Test
    void aGpuThatDoesNotExistIsTheCpu() {
        assertThat(Devices.tryGpu(Devices.numGpus())).isEqualTo(Devices.Device.CPU);
    }
}
