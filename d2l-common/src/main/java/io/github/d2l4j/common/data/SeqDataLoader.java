package io.github.d2l4j.common.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Minibatches of subsequences of a corpus for a language model, by random sampling ({@link
 * #seqDataIterRandom}) or by sequential partitioning ({@link #seqDataIterSequential}). Like the
 * book's {@code SeqDataLoader}, every call of {@link #iterator()} starts a new epoch with a new
 * random offset (and, for random sampling, a new shuffle).
 *
 * <p>The book draws from Python's global {@code random}; here each loader has its own {@code
 * java.util.Random}, seeded, so that runs repeat. The values drawn differ from Python's; the
 * structure of the minibatches does not.
 *
 * <p>A batch size and a number of steps are bad input when some offset would leave an epoch
 * without a single minibatch: the corpus must have at least {@code (batchSize + 1) * numSteps}
 * tokens for random sampling, one more for sequential partitioning (whose offset goes one
 * further).
 *
 * <p>Defined in D2L §8.3.
 */
public final class SeqDataLoader implements Iterable<SeqDataLoader.Batch> {

    /**
     * One minibatch.
     *
     * @param X (batchSize, numSteps) token indices, {@code DataType.INT32}
     * @param Y the same shape: each row of X shifted by one token, the tokens to predict
     */
    public record Batch(INDArray X, INDArray Y) {}

    private final int[] corpus;
    private final Vocab vocab;
    private final int batchSize;
    private final int numSteps;
    private final boolean useRandomIter;
    private final Random rng;
    private int nextOffset; // drawn ahead, so that numBatches() knows the next epoch's count

    /**
     * The book's {@code SeqDataLoader(batch_size, num_steps, use_random_iter, max_tokens)}: the
     * corpus of the hub's {@code timemachine.txt}, {@link TimeMachine#loadCorpusTimeMachine(int)}.
     *
     * @throws IllegalArgumentException for a batch size or number of steps that is not positive
     *     (before the file is read) or too large for the corpus
     * @throws DataUnavailableException when the file cannot be had
     */
    public SeqDataLoader(int batchSize, int numSteps, boolean useRandomIter, int maxTokens, long seed) {
        this(checkedCorpus(batchSize, numSteps, maxTokens), batchSize, numSteps, useRandomIter, seed);
    }

    /**
     * A loader over a corpus of one's own.
     *
     * @throws IllegalArgumentException for a batch size or number of steps that is not positive
     *     or too large for the corpus
     */
    public SeqDataLoader(int[] corpus, Vocab vocab, int batchSize, int numSteps, boolean useRandomIter, long seed) {
        this(new TimeMachine.Corpus(corpus, vocab), batchSize, numSteps, useRandomIter, seed);
    }

    private SeqDataLoader(TimeMachine.Corpus c, int batchSize, int numSteps, boolean useRandomIter, long seed) {
        this.corpus = Objects.requireNonNull(c.corpus(), "corpus").clone();
        this.vocab = Objects.requireNonNull(c.vocab(), "vocab");
        requireFits(corpus.length, batchSize, numSteps, useRandomIter);
        this.batchSize = batchSize;
        this.numSteps = numSteps;
        this.useRandomIter = useRandomIter;
        this.rng = new Random(seed);
        this.nextOffset = drawOffset(numSteps, useRandomIter, rng);
    }

    private static TimeMachine.Corpus checkedCorpus(int batchSize, int numSteps, int maxTokens) {
        requireShape(batchSize, numSteps);
        return TimeMachine.loadCorpusTimeMachine(maxTokens);
    }

    public Vocab vocab() {
        return vocab;
    }

    /** The corpus, a copy. */
    public int[] corpus() {
        return corpus.clone();
    }

    public int batchSize() {
        return batchSize;
    }

    public int numSteps() {
        return numSteps;
    }

    public boolean useRandomIter() {
        return useRandomIter;
    }

    /**
     * A new epoch: a new random offset, and for random sampling a new order of the subsequences,
     * as the book's {@code __iter__} builds a new generator each time.
     */
    @Override
    public Iterator<Batch> iterator() {
        int offset = nextOffset;
        List<Batch> batches = useRandomIter
                ? random(corpus, batchSize, numSteps, offset, rng)
                : sequential(corpus, batchSize, numSteps, offset);
        nextOffset = drawOffset(numSteps, useRandomIter, rng);
        return batches.iterator();
    }

    /**
     * The number of minibatches the next {@link #iterator()} gives. It can depend on the offset,
     * which is drawn ahead for that reason: the {@code range(35)} demo's sequential partitioning
     * gives 3 minibatches, or 2 at offset 5. At the book's settings (batch 32, 35 steps, 10,000
     * tokens) it is 8 for every offset of both samplers.
     */
    public int numBatches() {
        // random: ((length - offset - 1) / numSteps) subsequences / batchSize; sequential:
        // ((length - offset - 1) / batchSize) columns / numSteps. In whole numbers both are:
        return (corpus.length - nextOffset - 1) / (batchSize * numSteps);
    }

    /**
     * Random sampling: drops a random prefix of {@code randint(0, numSteps - 1)} tokens, cuts the
     * rest into {@code (length - 1) / numSteps} subsequences of {@code numSteps} tokens, shuffles
     * them and groups them {@code batchSize} at a time (a remainder is dropped). Neighbouring
     * minibatches are not neighbours in the text.
     *
     * <p>Defined in D2L §8.3.
     *
     * @throws IllegalArgumentException for a batch size or number of steps that is not positive or
     *     too large for the corpus
     */
    public static List<Batch> seqDataIterRandom(int[] corpus, int batchSize, int numSteps, Random rng) {
        requireFits(corpus.length, batchSize, numSteps, true);
        return random(corpus, batchSize, numSteps, drawOffset(numSteps, true, rng), rng);
    }

    /**
     * Sequential partitioning: drops a random prefix of {@code randint(0, numSteps)} tokens (one
     * more possible value than random sampling: the book's bounds differ, both inclusive), keeps
     * the largest multiple of {@code batchSize} that leaves one token for the last label, lays it
     * out as {@code batchSize} rows and cuts the columns {@code numSteps} at a time. Row i of a
     * minibatch continues row i of the one before.
     *
     * <p>Defined in D2L §8.3.
     *
     * @throws IllegalArgumentException for a batch size or number of steps that is not positive or
     *     too large for the corpus
     */
    public static List<Batch> seqDataIterSequential(int[] corpus, int batchSize, int numSteps, Random rng) {
        requireFits(corpus.length, batchSize, numSteps, false);
        return sequential(corpus, batchSize, numSteps, drawOffset(numSteps, false, rng));
    }

    /** Python's {@code random.randint(0, numSteps - 1)} (random) or {@code randint(0, numSteps)}. */
    private static int drawOffset(int numSteps, boolean random, Random rng) {
        return rng.nextInt(random ? numSteps : numSteps + 1);
    }

    private static List<Batch> random(int[] corpus, int batchSize, int numSteps, int offset, Random rng) {
        int numSubseqs = (corpus.length - offset - 1) / numSteps;
        List<Integer> initialIndices = new ArrayList<>(numSubseqs);
        for (int i = 0; i < numSubseqs; i++) {
            initialIndices.add(offset + i * numSteps);
        }
        Collections.shuffle(initialIndices, rng);
        int numBatches = numSubseqs / batchSize;
        List<Batch> batches = new ArrayList<>(numBatches);
        for (int b = 0; b < numBatches; b++) {
            int[][] x = new int[batchSize][];
            int[][] y = new int[batchSize][];
            for (int r = 0; r < batchSize; r++) {
                int start = initialIndices.get(b * batchSize + r);
                x[r] = Arrays.copyOfRange(corpus, start, start + numSteps);
                y[r] = Arrays.copyOfRange(corpus, start + 1, start + 1 + numSteps);
            }
            batches.add(new Batch(Nd4j.createFromArray(x), Nd4j.createFromArray(y)));
        }
        return batches;
    }

    private static List<Batch> sequential(int[] corpus, int batchSize, int numSteps, int offset) {
        int columns = (corpus.length - offset - 1) / batchSize; // num_tokens / batch_size
        int numBatches = columns / numSteps;
        List<Batch> batches = new ArrayList<>(numBatches);
        for (int b = 0; b < numBatches; b++) {
            int[][] x = new int[batchSize][numSteps];
            int[][] y = new int[batchSize][numSteps];
            for (int r = 0; r < batchSize; r++) {
                int start = offset + r * columns + b * numSteps; // Xs.reshape(batch_size, -1)[r, b*numSteps]
                System.arraycopy(corpus, start, x[r], 0, numSteps);
                System.arraycopy(corpus, start + 1, y[r], 0, numSteps);
            }
            batches.add(new Batch(Nd4j.createFromArray(x), Nd4j.createFromArray(y)));
        }
        return batches;
    }

    /** Batch size and number of steps must be positive; checked before any data is read. */
    static void requireShape(int batchSize, int numSteps) {
        if (batchSize <= 0 || numSteps <= 0) {
            throw new IllegalArgumentException(String.format(
                    "batch size and number of steps must be positive, got batchSize %d and numSteps %d",
                    batchSize, numSteps));
        }
    }

    /**
     * Every offset the sampler can draw must leave at least one minibatch: with the largest
     * offset, {@code numSteps - 1} for random sampling and {@code numSteps} for sequential
     * partitioning, that takes {@code (batchSize + 1) * numSteps} tokens, and one more for
     * sequential partitioning. A section calls it in its {@code Config} for the book's text, whose
     * training corpus has {@code TimeMachine.BOOK_MAX_TOKENS} tokens, so that bad sizes fail as bad
     * input before any data is read.
     */
    public static void requireFits(int length, int batchSize, int numSteps, boolean random) {
        requireShape(batchSize, numSteps);
        long needed = (batchSize + 1L) * numSteps + (random ? 0 : 1);
        if (length < needed) {
            throw new IllegalArgumentException(String.format(
                    "batchSize %d and numSteps %d are too large for a corpus of %d tokens: %s needs at least"
                            + " (batchSize + 1) * numSteps%s = %d tokens, so that every offset leaves a minibatch",
                    batchSize,
                    numSteps,
                    length,
                    random ? "random sampling" : "sequential partitioning",
                    random ? "" : " + 1",
                    needed));
        }
    }
}
