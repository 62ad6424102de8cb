package io.github.d2l4j.ch05;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DeferredInitTest {

    @Test
    void sizesAreInferredFromTheInputTypeAndMissingWithoutIt() {
        DeferredInit.Result r = DeferredInit.run(new DeferredInit.Config(20));
        assertThat(r.shapes().get("0_W")).containsExactly(20, 256);
        assertThat(r.shapes().get("1_W")).containsExactly(256, 10);
        assertThat(r.errorWithoutInputType()).contains("nIn=0").contains("must be > 0");
        assertThat(DeferredInit.run(new DeferredInit.Config(7)).shapes().get("0_W"))
                .containsExactly(7, 256);
    }
}
