package io.github.d2l4j.ch09;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.d2l4j.common.section.RunOptions;
import org.junit.jupiter.api.Test;

/** 9.6: the interfaces put together give the decoder's shapes, and the model prints as PyTorch's. */
class EncoderDecoderArchitectureTest {

    @Test
    void theEncoderDecoderGivesTheDecodersShapes() {
        EncoderDecoderArchitecture.Result r =
                EncoderDecoderArchitecture.run(EncoderDecoderArchitecture.Config.from(RunOptions.none()));
        assertThat(r.outputShape()).containsExactly(4, 7, 10); // (batch, steps, vocab)
        assertThat(r.stateShape()).containsExactly(2, 4, 16); // (layers, batch, hidden)
        assertThat(r.description())
                .contains("encoder")
                .contains("decoder")
                .contains("GRU(8, 16, num_layers=2)")
                .contains("GRU(24, 16, num_layers=2)");
        assertThat(r.summary().toString()).contains("output_shape=4x7x10").contains("state_shape=2x4x16");
    }
}
