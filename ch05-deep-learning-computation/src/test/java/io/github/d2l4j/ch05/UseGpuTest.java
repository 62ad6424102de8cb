package io.github.d2l4j.ch05;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.d2l4j.common.device.Devices;
import org.junit.jupiter.api.Test;

/** On the CPU backend (the default build): no GPU, and every helper falls back to the CPU. */
class UseGpuTest {

    @Test
    void theCpuFallback() {
        UseGpu.Result r = UseGpu.run(new UseGpu.Config());
        assertThat(r.backend()).isEqualTo("CpuBackend");
        assertThat(Devices.numGpus()).isZero();
        assertThat(Devices.tryGpu()).isEqualTo(Devices.Device.CPU);
        assertThat(r.tryGpu10()).isEqualTo(Devices.Device.CPU);
        assertThat(r.all()).containsExactly(Devices.Device.CPU);
        assertThat(r.product().reshape(6).toDoubleVector()).containsOnly(2);
        assertThat(r.summary().line("5.6"))
                .isEqualTo("result section=5.6 backend=CpuBackend num_gpus=0 try_gpu=cpu try_all_gpus=[cpu]");
    }
}
