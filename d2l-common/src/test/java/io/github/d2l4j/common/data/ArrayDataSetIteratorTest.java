package io.github.d2l4j.common.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

class ArrayDataSetIteratorTest {

    /** Example i has feature value i and label 2i, so a batch shows which examples it holds. */
    private static ArrayDataSetIterator numbered(int n, int batch, boolean shuffle, long seed) {
        float[] x = new float[n];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = i;
            y[i] = 2 * i;
        }
        return new ArrayDataSetIterator(x, new long[] {1}, y, 1, batch, shuffle, seed);
    }

    private static List<Integer> epoch(ArrayDataSetIterator it) {
        List<Integer> seen = new ArrayList<>();
        it.reset();
        while (it.hasNext()) {
            DataSet b = it.next();
            for (int i = 0; i < b.numExamples(); i++) {
                int x = b.getFeatures().getInt(i, 0);
                assertThat(b.getLabels().getDouble(i, 0)).isCloseTo(2.0 * x, within(1e-6));
                seen.add(x);
            }
        }
        return seen;
    }

    @Test
    void fashionMnistSizedEpochHas235BatchesWithAPartialLast() {
        ArrayDataSetIterator it = numbered(60_000, 256, true, 1);
        assertThat(it.numBatches()).isEqualTo(235);
        int batches = 0;
        int last = 0;
        while (it.hasNext()) {
            last = it.next().numExamples();
            batches++;
        }
        assertThat(batches).isEqualTo(235);
        assertThat(last).isEqualTo(60_000 - 234 * 256);
    }

    @Test
    void shufflingChangesOrderNotContent() {
        ArrayDataSetIterator it = numbered(100, 7, true, 3);
        List<Integer> first = epoch(it);
        List<Integer> second = epoch(it);
        assertThat(first).hasSize(100).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(second);
        assertThat(first).isNotEqualTo(second);
        assertThat(first)
                .isNotEqualTo(java.util.stream.IntStream.range(0, 100).boxed().toList());
    }

    @Test
    void sameSeedSameOrder() {
        assertThat(epoch(numbered(100, 8, true, 42))).isEqualTo(epoch(numbered(100, 8, true, 42)));
        assertThat(epoch(numbered(100, 8, true, 42))).isNotEqualTo(epoch(numbered(100, 8, true, 43)));
    }

    @Test
    void testIteratorKeepsOrder() {
        assertThat(epoch(numbered(30, 8, false, 1))).isSorted().hasSize(30);
    }

    @Test
    void fromNd4jArraysKeepsShapes() {
        ArrayDataSetIterator it = Data.loadArray(Nd4j.rand(10, 2), Nd4j.rand(10, 1), 4, true, 0);
        DataSet b = it.next();
        assertThat(b.getFeatures().shape()).containsExactly(4, 2);
        assertThat(b.getLabels().shape()).containsExactly(4, 1);
    }

    @Test
    void badInputIsRejectedClearly() {
        assertThatThrownBy(() -> numbered(10, 0, true, 1)).hasMessageContaining("batch size must be positive");
        assertThatThrownBy(() -> Data.loadArray(Nd4j.rand(10, 2), Nd4j.rand(9, 1), 4, true, 0))
                .hasMessageContaining("10 examples of features but 9 labels");
        ArrayDataSetIterator it = numbered(3, 5, false, 1);
        it.next();
        assertThatThrownBy(it::next).isInstanceOf(java.util.NoSuchElementException.class);
    }
}
