package io.github.d2l4j.ch08;

import io.github.d2l4j.common.data.SeqDataLoader;
import io.github.d2l4j.common.data.Text;
import io.github.d2l4j.common.data.TimeMachine;
import io.github.d2l4j.common.data.Vocab;
import io.github.d2l4j.common.plot.Axes;
import io.github.d2l4j.common.plot.Plot;
import io.github.d2l4j.common.section.BookSection;
import io.github.d2l4j.common.section.RunOptions;
import io.github.d2l4j.common.section.SectionResult;
import io.github.d2l4j.common.section.Summary;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Word statistics of natural language and how a language model reads a long text. The frequency of
 * the x-th most frequent word falls off as a power of x (Zipf's law, \( n_i \propto 1/i^\alpha
 * \)), a straight line on log-log axes, and so do the frequencies of word pairs (bigrams) and
 * triples (trigrams), only more slowly: most n-grams are rare, which is why counting them is no
 * language model. Then the two ways to cut a corpus into minibatches of subsequences: random
 * sampling and sequential partitioning, each from a random offset every epoch.
 *
 * <p>An n-gram is here its words with one space between ("of the"): the book's tuples, as a string
 * (the words have no spaces). The book plots each frequency against its position in the sorted
 * list, from 0, which a log axis leaves out; here x is the rank, from 1, as Zipf's law has it. The
 * book's first plot, the unigram frequencies alone, is the first curve of the second, which this
 * section draws. The book samples with Python's {@code random}; here a {@code java.util.Random}
 * seeded with {@code --seed}: the offsets and orders differ from the book's, their structure not.
 *
 * <p>D2L 8.3, Language Models and the Dataset.
 */
@BookSection(
        id = "8.3",
        title = "Language Models and the Dataset",
        page = "https://zh.d2l.ai/chapter_recurrent-neural-networks/language-models-and-dataset.html")
public final class LanguageModels {
    private static final Logger LOG = LoggerFactory.getLogger(LanguageModels.class);

    /**
     * @param lines the text, one string per line as read; null: the hub's timemachine.txt, the book's
     * @param seed seeds the offsets and shuffles of the minibatch demos
     * @param out where the Zipf plot goes
     */
    public record Config(List<String> lines, long seed, Path out) {
        public Config {
            lines = lines == null ? null : List.copyOf(lines);
        }

        public static Config from(RunOptions o) {
            return new Config(
                    null, // the book's text, through the data hub
                    o.seed(42), // fixes the random offsets and shuffles, so that runs repeat
                    o.out());
        }
    }

    /**
     * @param unigramTop10 the ten most frequent words with their counts, {@code vocab.token_freqs[:10]}
     * @param bigramTop10 the same for word pairs; trigramTop10 for word triples
     * @param unigramVocab {@code len(vocab)} of each: distinct n-grams plus {@code <unk>}
     * @param randomDemo the minibatches of random sampling on {@code range(35)}, batch 2, 5 steps
     * @param sequentialDemo the same for sequential partitioning
     * @param batchesSequential minibatches in an epoch of {@code load_data_time_machine(32, 35)};
     *     batchesRandom the same with random sampling
     */
    public record Result(
            List<Map.Entry<String, Integer>> unigramTop10,
            List<Map.Entry<String, Integer>> bigramTop10,
            List<Map.Entry<String, Integer>> trigramTop10,
            int unigramVocab,
            int bigramVocab,
            int trigramVocab,
            List<SeqDataLoader.Batch> randomDemo,
            List<SeqDataLoader.Batch> sequentialDemo,
            int batchesSequential,
            int batchesRandom,
            Path plot)
            implements SectionResult {
        @Override
        public Summary summary() {
            return Summary.of()
                    .add("unigram_vocab", unigramVocab)
                    .add("bigram_vocab", bigramVocab)
                    .add("trigram_vocab", trigramVocab)
                    .add("batches_sequential", batchesSequential)
                    .add("batches_random", batchesRandom)
                    .add("plot", plot);
        }
    }

    public static Result run(Config c) {
        List<String> lines = c.lines() != null ? c.lines() : TimeMachine.readTimeMachine();

        // 8.3.3: natural language statistics, words this time, one flat corpus
        List<String> corpus = Text.flatten(Text.tokenize(lines, "word"));
        Vocab vocab = new Vocab(corpus, 0, List.of());
        LOG.info("unigrams: {}", top10(vocab));
        Vocab bigramVocab = new Vocab(nGrams(corpus, 2), 0, List.of());
        LOG.info("bigrams: {}", top10(bigramVocab));
        Vocab trigramVocab = new Vocab(nGrams(corpus, 3), 0, List.of());
        LOG.info("trigrams: {}", top10(trigramVocab));
        double[][][] curves = {zipfCurve(vocab), zipfCurve(bigramVocab), zipfCurve(trigramVocab)};
        Path plot = Plot.plot(
                List.of(curves[0][0], curves[1][0], curves[2][0]),
                List.of(curves[0][1], curves[1][1], curves[2][1]),
                Axes.of()
                        .withLabels("token: x", "frequency: n(x)")
                        .withScales("log", "log")
                        .withLegend("unigram", "bigram", "trigram"),
                c.out().resolve("8.3-zipf.png"));
        LOG.info("plot: {}", plot.toAbsolutePath());

        // 8.3.4: reading long sequences, demonstrated on my_seq = range(35), batch 2, 5 steps
        int[] mySeq = IntStream.range(0, 35).toArray();
        Random rng = new Random(c.seed());
        List<SeqDataLoader.Batch> randomDemo = SeqDataLoader.seqDataIterRandom(mySeq, 2, 5, rng);
        log("random sampling", randomDemo);
        List<SeqDataLoader.Batch> sequentialDemo = SeqDataLoader.seqDataIterSequential(mySeq, 2, 5, rng);
        log("sequential partitioning", sequentialDemo);

        // the loader the next sections train on: batch 32, 35 steps, the first 10,000 characters
        int batchesSequential = oneEpoch(lines, false, c.seed());
        int batchesRandom = oneEpoch(lines, true, c.seed());
        LOG.info(
                "load_data_time_machine(32, 35): {} minibatches an epoch sequentially, {} by random sampling",
                batchesSequential,
                batchesRandom);
        return new Result(
                top10(vocab),
                top10(bigramVocab),
                top10(trigramVocab),
                vocab.size(),
                bigramVocab.size(),
                trigramVocab.size(),
                randomDemo,
                sequentialDemo,
                batchesSequential,
                batchesRandom,
                plot);
    }

    /** The book's {@code zip(corpus[:-1], corpus[1:])} (n = 2) and its triple, each n-gram one string. */
    static List<String> nGrams(List<String> corpus, int n) {
        List<String> grams = new ArrayList<>();
        for (int i = 0; i + n <= corpus.size(); i++) {
            grams.add(String.join(" ", corpus.subList(i, i + n)));
        }
        return grams;
    }

    private static List<Map.Entry<String, Integer>> top10(Vocab v) {
        return List.copyOf(v.tokenFreqs().subList(0, Math.min(10, v.tokenFreqs().size())));
    }

    /**
     * The frequencies of {@code v.tokenFreqs()} against their rank from 1, {x, y}, with each run
     * of equal frequencies kept as its first and last point: the same line, from a few hundred
     * points instead of 30,000 (most trigrams occur once), so that the SVG stays small.
     */
    static double[][] zipfCurve(Vocab v) {
        List<Map.Entry<String, Integer>> freqs = v.tokenFreqs();
        List<double[]> points = new ArrayList<>();
        for (int i = 0; i < freqs.size(); i++) {
            int f = freqs.get(i).getValue();
            boolean first = i == 0 || freqs.get(i - 1).getValue() != f;
            boolean last = i == freqs.size() - 1 || freqs.get(i + 1).getValue() != f;
            if (first || last) {
                points.add(new double[] {i + 1, f});
            }
        }
        return new double[][] {
            points.stream().mapToDouble(p -> p[0]).toArray(),
            points.stream().mapToDouble(p -> p[1]).toArray()
        };
    }

    private static void log(String how, List<SeqDataLoader.Batch> batches) {
        for (SeqDataLoader.Batch b : batches) {
            LOG.info("{}\nX: {}\nY: {}", how, b.X(), b.Y());
        }
    }

    /** The minibatches in one epoch of {@code load_data_time_machine(32, 35, use_random_iter)}. */
    private static int oneEpoch(List<String> lines, boolean useRandomIter, long seed) {
        TimeMachine.Data data =
                TimeMachine.loadDataTimeMachine(lines, 32, 35, useRandomIter, TimeMachine.BOOK_MAX_TOKENS, seed);
        int n = 0;
        for (SeqDataLoader.Batch ignored : data.trainIter()) {
            n++;
        }
        return n;
    }
}
