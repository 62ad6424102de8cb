package io.github.d2l4j.ch02;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class DataManipulationTest {
    final DataManipulation.Result r = DataManipulation.run(new DataManipulation.Config(1));

    @Test
    void creationAndReshape() {
        assertThat(r.xShape()).containsExactly(12);
        assertThat(r.numel()).isEqualTo(12);
        assertThat(r.inferredShape()).containsExactly(3, 4);
    }

    @Test
    void elementwiseOperators() {
        assertThat(r.plus()).containsExactly(3, 4, 6, 10);
        assertThat(r.power()).containsExactly(new double[] {1, 4, 16, 64}, within(1e-4));
        assertThat(r.equal()[0]).containsExactly(false, true, false, true);
        assertThat(r.equal()[1]).containsOnly(false);
        assertThat(r.equal()[2]).containsOnly(false);
        assertThat(r.sum()).isEqualTo(66.0);
    }

    @Test
    void concatenationAndBroadcasting() {
        assertThat(r.catRows()).hasDimensions(6, 4);
        assertThat(r.catRows()[3]).containsExactly(2, 1, 4, 3);
        assertThat(r.catColsShape()).containsExactly(3, 8);
        assertThat(r.broadcast()).isDeepEqualTo(new double[][] {{0, 1}, {1, 2}, {2, 3}});
        assertThat(r.broadcast3d()).containsExactly(2, 3, 4);
    }

    @Test
    void sliceAssignmentAndMemory() {
        assertThat(r.afterAssignment()[0]).containsOnly(12);
        assertThat(r.afterAssignment()[1]).containsOnly(12);
        assertThat(r.afterAssignment()[2]).containsExactly(8, 9, 10, 11);
        assertThat(r.newBufferForPlus()).isTrue();
        assertThat(r.sameBufferForSliceAssign()).isTrue();
        assertThat(r.sameBufferForAddi()).isTrue();
        assertThat(r.item()).isEqualTo(3.5f);
    }
}
