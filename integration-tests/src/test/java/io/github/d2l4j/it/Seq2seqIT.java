package io.github.d2l4j.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.d2l4j.ch09.Seq2seq;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tier 1 of 9.7: the book's seq2seq at its settings (embeddings and hidden units 32, two GRU layers,
 * dropout 0.1, batch 64, 10 steps, Adam at lr 0.005) on the real fra.txt for 5 epochs, run as
 * {@code ./d2l run 9.7 --epochs 5} runs it: the book's demos exactly, and the loss where the book's
 * PyTorch code is after 5 epochs, within 5% of the range of its eight seeds 42-49 (0.2507-0.2804,
 * {@code benchmarks/pytorch/rnn-modern-reference.md}). The translations are still noise after 5
 * epochs; only their BLEU's range is checked. The book's 300 epochs are tier 2 ({@link
 * Seq2seqBookIT}).
 *
 * <p>Cost: about 20 s on the 2-core CI machine (10 epochs took 39.5 s in a clean clone's {@code
 * .ci/run}, over chapter 9's share of tier 1). Seed 42 ends at 0.2822.
 */
class Seq2seqIT {
    @TempDir
    Path out;

    @Test
    void fiveEpochsEndWherePyTorchDoes() {
        SectionRun run = SectionRun.of("run", "9.7", "--epochs", "5", "--seed", "42", "--out", out.toString());
        Seq2seq.Result r = (Seq2seq.Result) run.result();
        assertThat(r.encoderShapes().get(0)).containsExactly(7, 4, 16);
        assertThat(r.encoderShapes().get(1)).containsExactly(2, 4, 16);
        assertThat(r.decoderShapes().get(0)).containsExactly(4, 7, 10);
        assertThat(r.lossCheck()).containsExactly(new double[] {2.3026, 1.1513, 0}, within(1e-4));
        double lo = 0.2507 * 0.95, hi = 0.2804 * 1.05;
        assertThat(r.training().loss())
                .as("loss after 5 epochs against PyTorch's 0.2507-0.2804 widened by 5%")
                .isBetween(lo, hi);
        assertThat(run.printed("loss")).isCloseTo(r.training().loss(), within(1e-4));
        assertThat(r.translations())
                .hasSize(4)
                .allSatisfy(t -> assertThat(t.bleu()).isBetween(0.0, 1.0));
        assertThat(out.resolve("9.7-train.png")).isRegularFile();
    }
}
