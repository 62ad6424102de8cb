package io.github.d2l4j.ch12;

import static io.github.d2l4j.ch12.ParameterServer.BOOK_NVLINK;
import static io.github.d2l4j.ch12.ParameterServer.BOOK_PCIE;
import static io.github.d2l4j.ch12.ParameterServer.BOOK_SIZE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.d2l4j.common.section.RunOptions;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParameterServerTest {

    @Test
    void theBooksFourWayPcieServer() {
        assertThat(BOOK_SIZE / BOOK_PCIE).isCloseTo(0.010, within(1e-12)); // one transfer, 10 ms
        assertThat(ParameterServer.centralWorker(4, BOOK_SIZE, BOOK_PCIE)).isCloseTo(0.060, within(1e-12));
        assertThat(ParameterServer.centralCpu(4, BOOK_SIZE, BOOK_PCIE)).isCloseTo(0.080, within(1e-12));
        // four 40 MB parts summed on four GPUs at once: 7.5 ms in, 15 ms in all
        assertThat(ParameterServer.ring(4, BOOK_SIZE, BOOK_PCIE)).isCloseTo(0.015, within(1e-12));
    }

    @Test
    void theBooksEightV100sOnNvlink() {
        double ring = ParameterServer.ring(8, BOOK_SIZE, 3 * BOOK_NVLINK);
        assertThat(ring).isCloseTo(2.0 * 7 / 8 * 160e6 / 54e9, within(1e-15));
        assertThat(2 * BOOK_SIZE / (3 * BOOK_NVLINK)).isCloseTo(0.006, within(0.0001)); // the book's "about 6 ms"
        assertThat(ring).isLessThan(2 * BOOK_SIZE / (3 * BOOK_NVLINK));
    }

    @Test
    void theFormulasAtOneAndTwoWorkers() {
        // one worker has nothing to synchronise except through a separate server
        assertThat(ParameterServer.centralWorker(1, 1, 1)).isZero();
        assertThat(ParameterServer.tree(1, 1, 1)).isZero();
        assertThat(ParameterServer.ring(1, 1, 1)).isZero();
        assertThat(ParameterServer.centralCpu(1, 1, 1)).isEqualTo(2);
        // two workers: every strategy but the separate server sends one copy each way
        assertThat(ParameterServer.centralWorker(2, 3, 1)).isEqualTo(6);
        assertThat(ParameterServer.tree(2, 3, 1)).isEqualTo(6);
        assertThat(ParameterServer.ring(2, 3, 1)).isEqualTo(3);
    }

    @Test
    void theTreeHasCeilLog2Levels() {
        assertThat(ParameterServer.levels(1)).isZero();
        assertThat(ParameterServer.levels(2)).isEqualTo(1);
        assertThat(ParameterServer.levels(3)).isEqualTo(2);
        assertThat(ParameterServer.levels(4)).isEqualTo(2);
        assertThat(ParameterServer.levels(5)).isEqualTo(3);
        assertThat(ParameterServer.levels(32)).isEqualTo(5);
        assertThat(ParameterServer.levels(33)).isEqualTo(6);
    }

    @Test
    void theTableAndThePlotAtTheBooksSettings(@TempDir Path out) {
        ParameterServer.Result r = ParameterServer.run(
                ParameterServer.Config.from(new RunOptions(null, null, null, null, out, null, null)));
        assertThat(r.rows()).hasSize(5);
        ParameterServer.Row four = r.rows().get(1);
        assertThat(four.workers()).isEqualTo(4);
        assertThat(r.lines()).contains(String.format("%8d %10.2f %10.2f %10.2f %10.2f", 4, 60.0, 80.0, 40.0, 15.0));
        // the ring stays under 2 S / B however many workers; the central server grows linearly
        for (ParameterServer.Row row : r.rows()) {
            assertThat(row.ring()).isLessThan(2 * BOOK_SIZE / BOOK_PCIE);
            assertThat(row.ring()).isLessThanOrEqualTo(row.tree());
            assertThat(row.tree()).isLessThanOrEqualTo(row.centralWorker());
        }
        assertThat(r.rows().get(4).centralWorker()).isCloseTo(2 * 31 * 0.010, within(1e-12));
        assertThat(r.plot()).isEqualTo(out.resolve("12.7-sync-time.png")).isRegularFile();
    }

    @Test
    void refusesNoBandwidth(@TempDir Path out) {
        assertThatThrownBy(() -> new ParameterServer.Config(160e6, 0, new int[] {2}, out))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1.6E8")
                .hasMessageContaining("0.0");
        assertThatThrownBy(() -> new ParameterServer.Config(160e6, 16e9, new int[] {0}, out))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[0]");
    }
}
