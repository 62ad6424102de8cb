package io.github.d2l4j.ch02;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LinearAlgebraTest {
    final LinearAlgebra.Result r = LinearAlgebra.run(new LinearAlgebra.Config());

    @Test
    void theBooksValues() {
        assertThat(r.scalarOps()).containsExactly(5, 6, 1.5, 9);
        assertThat(r.length()).isEqualTo(4);
        assertThat(r.symmetric()).isTrue();
        assertThat(r.sum()).isEqualTo(190);
        assertThat(r.sumAxis0()).containsExactly(40, 45, 50, 55);
        assertThat(r.sumAxis1()).containsExactly(6, 22, 38, 54, 70);
        assertThat(r.keepdimsShape()).containsExactly(5, 1);
        assertThat(r.mean()).isEqualTo(9.5);
        assertThat(r.cumsum()[4]).containsExactly(40, 45, 50, 55);
        assertThat(r.dot()).isEqualTo(6);
        assertThat(r.mv()).containsExactly(14, 38, 62, 86, 110);
        assertThat(r.mm()[0]).containsExactly(6, 6, 6);
        assertThat(r.l2()).isCloseTo(5, within(1e-6));
        assertThat(r.l1()).isCloseTo(7, within(1e-6));
        assertThat(r.frobenius()).isCloseTo(6, within(1e-6));
    }
}
