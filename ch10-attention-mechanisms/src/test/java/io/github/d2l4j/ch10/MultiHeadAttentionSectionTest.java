package io.github.d2l4j.ch10;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** 10.5 at the book's settings: the output shape, the parameter count, and ND4J's op on the same weights. */
class MultiHeadAttentionSectionTest {

    @Test
    void theBooksShapeAndCountAndNd4jsOpAgree(@TempDir Path dir) {
        MultiHeadAttentionSection.Result r =
                MultiHeadAttentionSection.run(new MultiHeadAttentionSection.Config(42, dir));
        assertThat(r.outputShape()).containsExactly(2, 4, 100);
        assertThat(r.numParams()).isEqualTo(40_000);
        assertThat(r.conciseMaxDiff()).isLessThan(1e-4);
        assertThat(r.summary().toString()).contains("shape=[2,4,100]", "params=40000");
    }
}
