package io.github.d2l4j.common.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/** The book's {@code my_seq = list(range(35))} demos, and corpora of one's own. */
class SeqDataLoaderTest {
    static final int[] RANGE_35 = IntStream.range(0, 35).toArray();
    static final Vocab VOCAB = new Vocab(List.of("a", "b"), 0, List.of());

    static int[][] rows(SeqDataLoader.Batch b, boolean y) {
        return (y ? b.Y() : b.X()).toIntMatrix();
    }

    static void assertYIsXPlusOne(SeqDataLoader.Batch b, int batchSize, int numSteps) {
        assertThat(b.X().dataType()).isEqualTo(DataType.INT32);
        assertThat(b.Y().dataType()).isEqualTo(DataType.INT32);
        assertThat(b.X().shape()).containsExactly(batchSize, numSteps);
        assertThat(b.Y().shape()).containsExactly(batchSize, numSteps);
        int[][] x = rows(b, false);
        int[][] y = rows(b, true);
        for (int r = 0; r < batchSize; r++) {
            for (int t = 0; t < numSteps; t++) {
                assertThat(y[r][t]).as("Y[%d][%d] on range data", r, t).isEqualTo(x[r][t] + 1);
                if (t > 0) {
                    assertThat(x[r][t]).as("X[%d] is a run of the corpus", r).isEqualTo(x[r][t - 1] + 1);
                }
            }
        }
    }

    @Test
    void randomSamplingOfRange35GivesThreeBatchesOfDisjointSubsequencesAtTheOffset() {
        Set<Integer> offsets = new HashSet<>();
        for (long seed = 0; seed < 60; seed++) {
            List<SeqDataLoader.Batch> batches = SeqDataLoader.seqDataIterRandom(RANGE_35, 2, 5, new Random(seed));
            assertThat(batches)
                    .as("floor((35 - 1) / 5) = 6 subsequences -> 3 minibatches")
                    .hasSize(3);
            List<Integer> starts = new ArrayList<>();
            for (SeqDataLoader.Batch b : batches) {
                assertYIsXPlusOne(b, 2, 5);
                for (int[] row : rows(b, false)) {
                    starts.add(row[0]);
                }
            }
            int offset = starts.stream().mapToInt(s -> s % 5).min().orElseThrow();
            assertThat(starts).as("6 starts, all offset mod 5").allMatch(s -> s % 5 == offset);
            assertThat(new HashSet<>(starts)).as("disjoint starts").hasSize(6);
            assertThat(offset).as("randint(0, num_steps - 1)").isBetween(0, 4);
            offsets.add(offset);
        }
        assertThat(offsets).as("every offset of 0..4 drawn over 60 seeds").containsExactlyInAnyOrder(0, 1, 2, 3, 4);
    }

    @Test
    void sequentialPartitioningOfRange35GivesContiguousRowsAndTwoBatchesOnlyAtOffsetFive() {
        Set<Integer> offsets = new HashSet<>();
        for (long seed = 0; seed < 60; seed++) {
            List<SeqDataLoader.Batch> batches = SeqDataLoader.seqDataIterSequential(RANGE_35, 2, 5, new Random(seed));
            int offset = rows(batches.get(0), false)[0][0];
            assertThat(offset).as("randint(0, num_steps), inclusive").isBetween(0, 5);
            offsets.add(offset);
            assertThat(batches).as("offset %d", offset).hasSize(offset == 5 ? 2 : 3);
            int columns = (35 - offset - 1) / 2;
            for (int b = 0; b < batches.size(); b++) {
                assertYIsXPlusOne(batches.get(b), 2, 5);
                int[][] x = rows(batches.get(b), false);
                for (int r = 0; r < 2; r++) {
                    assertThat(x[r][0])
                            .as("batch %d row %d continues the row of the batch before", b, r)
                            .isEqualTo(offset + r * columns + b * 5);
                }
            }
        }
        assertThat(offsets).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5);
    }

    @Test
    void theBooksPrintedSequentialDemoAtOffsetZero() {
        // the seed whose first offset is 0, found rather than assumed
        long seed = IntStream.range(0, 100)
                .filter(s -> new Random(s).nextInt(6) == 0)
                .findFirst()
                .orElseThrow();
        List<SeqDataLoader.Batch> batches = SeqDataLoader.seqDataIterSequential(RANGE_35, 2, 5, new Random(seed));
        assertThat(rows(batches.get(0), false)).isEqualTo(new int[][] {{0, 1, 2, 3, 4}, {17, 18, 19, 20, 21}});
        assertThat(rows(batches.get(1), false)).isEqualTo(new int[][] {{5, 6, 7, 8, 9}, {22, 23, 24, 25, 26}});
        assertThat(rows(batches.get(2), false)).isEqualTo(new int[][] {{10, 11, 12, 13, 14}, {27, 28, 29, 30, 31}});
    }

    @Test
    void everyEpochDrawsANewOffsetAndNumBatchesForetellsIt() {
        for (boolean random : new boolean[] {false, true}) {
            SeqDataLoader loader = new SeqDataLoader(RANGE_35, VOCAB, 2, 5, random, 3);
            Set<Integer> firstTokens = new HashSet<>();
            Set<Integer> counts = new HashSet<>();
            for (int epoch = 0; epoch < 40; epoch++) {
                int expected = loader.numBatches();
                List<SeqDataLoader.Batch> batches = new ArrayList<>();
                loader.iterator().forEachRemaining(batches::add);
                assertThat(batches).as("epoch %d, random %s", epoch, random).hasSize(expected);
                counts.add(expected);
                batches.forEach(b -> firstTokens.add(b.X().getInt(0, 0) % 5));
            }
            assertThat(firstTokens)
                    .as("offsets mod 5 over 40 epochs, random %s", random)
                    .hasSizeGreaterThan(1);
            assertThat(counts).as("batch counts, random %s", random).isEqualTo(random ? Set.of(3) : Set.of(2, 3));
        }
    }

    @Test
    void theLoaderRepeatsWithItsSeed() {
        SeqDataLoader a = new SeqDataLoader(RANGE_35, VOCAB, 2, 5, true, 11);
        SeqDataLoader b = new SeqDataLoader(RANGE_35, VOCAB, 2, 5, true, 11);
        for (int epoch = 0; epoch < 3; epoch++) {
            var ia = a.iterator();
            var ib = b.iterator();
            while (ia.hasNext()) {
                assertThat(ia.next().X()).isEqualTo(ib.next().X());
            }
        }
    }

    @Test
    void theBooksSettingsGiveEightBatchesForEveryOffset() {
        int[] corpus = IntStream.range(0, 10_000).map(i -> i % 28).toArray();
        for (boolean random : new boolean[] {false, true}) {
            SeqDataLoader loader = new SeqDataLoader(corpus, VOCAB, 32, 35, random, 5);
            for (int epoch = 0; epoch < 50; epoch++) {
                assertThat(loader.numBatches()).isEqualTo(8);
                int n = 0;
                for (var it = loader.iterator(); it.hasNext(); it.next()) {
                    n++;
                }
                assertThat(n).as("epoch %d, random %s", epoch, random).isEqualTo(8);
            }
        }
    }

    @Test
    void theSmallestCorpusLeavesAMinibatchAtEveryOffset() {
        int[] random = IntStream.range(0, 3 * 5).toArray(); // (2 + 1) * 5
        int[] sequential = IntStream.range(0, 3 * 5 + 1).toArray();
        for (long seed = 0; seed < 40; seed++) {
            assertThat(SeqDataLoader.seqDataIterRandom(random, 2, 5, new Random(seed)))
                    .isNotEmpty();
            assertThat(SeqDataLoader.seqDataIterSequential(sequential, 2, 5, new Random(seed)))
                    .isNotEmpty();
        }
    }

    @Test
    void aBatchOrNumberOfStepsTooLargeForTheCorpusIsBadInputNamingAllThree() {
        int[] corpus = IntStream.range(0, 15).toArray();
        assertThatThrownBy(() -> SeqDataLoader.seqDataIterSequential(corpus, 2, 5, new Random(0)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("batchSize 2 and numSteps 5 are too large for a corpus of 15 tokens: sequential"
                        + " partitioning needs at least (batchSize + 1) * numSteps + 1 = 16 tokens, so that every"
                        + " offset leaves a minibatch");
        assertThatThrownBy(() -> new SeqDataLoader(IntStream.range(0, 14).toArray(), VOCAB, 2, 5, true, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("batchSize 2 and numSteps 5 are too large for a corpus of 14 tokens: random"
                        + " sampling needs at least (batchSize + 1) * numSteps = 15 tokens, so that every"
                        + " offset leaves a minibatch");
        assertThatThrownBy(() -> new SeqDataLoader(RANGE_35, VOCAB, 32, 35, false, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("batchSize 32 and numSteps 35 are too large for a corpus of 35 tokens")
                .hasMessageContaining("= 1156 tokens");
    }

    @Test
    void aBatchSizeOrNumberOfStepsBelowOneIsBadInputNamingBoth() {
        assertThatThrownBy(() -> SeqDataLoader.seqDataIterRandom(RANGE_35, 0, 5, new Random(0)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("batch size and number of steps must be positive, got batchSize 0 and numSteps 5");
        assertThatThrownBy(() -> new SeqDataLoader(RANGE_35, VOCAB, 2, -1, false, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("batch size and number of steps must be positive, got batchSize 2 and numSteps -1");
        // checked before the hub's file is looked for: this needs no D2L_HUB
        assertThatThrownBy(() -> new SeqDataLoader(32, 0, false, 10_000, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("batch size and number of steps must be positive, got batchSize 32 and numSteps 0");
        assertThatThrownBy(() -> TimeMachine.loadDataTimeMachine(-3, 35, true, 10_000, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("batchSize -3 and numSteps 35");
    }
}
