package io.github.d2l4j.ch09;

import io.github.d2l4j.common.data.MachineTranslation;
import io.github.d2l4j.common.data.MachineTranslation.Batch;
import io.github.d2l4j.common.data.MachineTranslation.NmtData;
import io.github.d2l4j.common.data.MachineTranslation.Tokens;
import io.github.d2l4j.common.data.Vocab;
import io.github.d2l4j.common.section.BookSection;
import io.github.d2l4j.common.section.RunOptions;
import io.github.d2l4j.common.section.SectionResult;
import io.github.d2l4j.common.section.Summary;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data of machine translation: pairs of an English sentence and its French translation, from
 * the Tatoeba project's {@code fra.txt}. Each pair is preprocessed (no-break spaces made spaces,
 * lower-cased, a space before punctuation) and split into word tokens; most sequences have fewer
 * than 20 tokens. Source and target each get a vocabulary of the tokens seen at least twice, with
 * {@code <pad>}, {@code <bos>} and {@code <eos>} reserved; a sequence becomes {@code numSteps}
 * indices, ending in {@code <eos>} and padded with {@code <pad>} (or truncated), and its valid
 * length counts the tokens that are not padding.
 *
 * <p>Everything here but the minibatch is deterministic: on the real file, {@code len(src_vocab)} is
 * 10012 and {@code truncate_pad(src_vocab[source[0]], 10, pad)} is {@code [47, 4, 1, 1, 1, 1, 1,
 * 1, 1, 1]}, as the book prints. The minibatch is the first of a shuffled loader over the book's
 * 600 examples (601 pairs: the book's off-by-one, kept), so only its structure repeats.
 *
 * <p>D2L 9.5, Machine Translation and the Dataset.
 */
@BookSection(
        id = "9.5",
        title = "Machine Translation and the Dataset",
        page = "https://zh.d2l.ai/chapter_recurrent-modern/machine-translation-and-dataset.html")
public final class MachineTranslationAndDataset {
    private static final Logger LOG = LoggerFactory.getLogger(MachineTranslationAndDataset.class);

    /**
     * @param rawText the text of fra.txt; null: the hub's fra-eng.zip, or the user's copy that
     *     {@code -Dd2l.fraEng} / {@code D2L_FRA_ENG} names
     * @param batchSize, numSteps the shape of the minibatch shown
     * @param seed seeds the loader's shuffling
     * @param out where the length histogram goes
     */
    public record Config(String rawText, int batchSize, int numSteps, long seed, Path out) {
        public Config {
            if (batchSize < 1 || numSteps < 1) {
                throw new IllegalArgumentException(
                        "batch size and numSteps must be at least 1, got " + batchSize + " and " + numSteps);
            }
        }

        public static Config from(RunOptions o) {
            return new Config(
                    null, // the book's file, through the data hub or the user's copy
                    o.batchSize(2), // the book's demo: load_data_nmt(batch_size=2, num_steps=8)
                    8, // the book's num_steps for the demo
                    o.seed(42), // fixes the shuffling, so that runs repeat
                    o.out());
        }
    }

    /**
     * @param raw75 {@code raw_text[:75]}; text80 {@code text[:80]} after preprocessing
     * @param source6 {@code source[:6]}, target6 {@code target[:6]}: the first pairs' tokens
     * @param numPairs the pairs of the whole file
     * @param histogram the plot of the sequences' lengths
     * @param srcVocabSize {@code len(src_vocab)} over the whole file
     * @param truncatePadDemo {@code truncate_pad(src_vocab[source[0]], 10, src_vocab['<pad>'])}
     * @param nmtSrcVocab, nmtTgtVocab the vocabularies of {@code load_data_nmt}'s 600 examples
     * @param batches the minibatches of one pass of its loader; first the first of them
     */
    public record Result(
            String raw75,
            String text80,
            List<List<String>> source6,
            List<List<String>> target6,
            int numPairs,
            Path histogram,
            int srcVocabSize,
            int[] truncatePadDemo,
            Vocab nmtSrcVocab,
            Vocab nmtTgtVocab,
            int batches,
            Batch first)
            implements SectionResult {
        @Override
        public Summary summary() {
            return Summary.of()
                    .add("pairs", numPairs)
                    .add("src_vocab", srcVocabSize)
                    .add("nmt_src_vocab", nmtSrcVocab.size())
                    .add("nmt_tgt_vocab", nmtTgtVocab.size())
                    .add("batches", batches)
                    .add("plot", histogram);
        }
    }

    public static Result run(Config c) {
        // 9.5.1: download and preprocess the data set
        String rawText = c.rawText() != null ? c.rawText() : MachineTranslation.readDataNmt();
        String raw75 = head(rawText, 75);
        LOG.info("{}", raw75);
        String text = MachineTranslation.preprocessNmt(rawText);
        String text80 = head(text, 80);
        LOG.info("{}", text80);

        // 9.5.2: word tokens, source and target
        Tokens tokens = MachineTranslation.tokenizeNmt(text);
        if (tokens.source().isEmpty()) {
            throw new IllegalArgumentException("the text has no pair of an English and a French sentence");
        }
        List<List<String>> source6 = List.copyOf(
                tokens.source().subList(0, Math.min(6, tokens.source().size())));
        List<List<String>> target6 = List.copyOf(
                tokens.target().subList(0, Math.min(6, tokens.target().size())));
        LOG.info("source[:6] = {}", source6);
        LOG.info("target[:6] = {}", target6);
        Path histogram = MachineTranslation.showListLenPairHist(
                List.of("source", "target"),
                "# tokens per sequence",
                "count",
                tokens.source(),
                tokens.target(),
                c.out().resolve("9.5-hist.png"));
        LOG.info("plot: {}", histogram.toAbsolutePath());

        // 9.5.3: the vocabulary, tokens seen fewer than twice are <unk>
        Vocab srcVocab = Vocab.ofLines(tokens.source(), 2, MachineTranslation.RESERVED_TOKENS);
        LOG.info("len(src_vocab) = {}", srcVocab.size());

        // 9.5.4: fixed-length sequences, truncated or padded
        int[] demo = MachineTranslation.truncatePad(srcVocab.get(tokens.source().get(0)), 10, srcVocab.get("<pad>"));
        LOG.info("truncate_pad(src_vocab[source[0]], 10, src_vocab['<pad>']) = {}", Arrays.toString(demo));

        // 9.5.5: all together; the book's load_data_nmt reads the file again, this reads it once
        NmtData data = MachineTranslation.loadDataNmt(
                rawText, c.batchSize(), c.numSteps(), MachineTranslation.BOOK_NUM_EXAMPLES, c.seed());
        Batch first = null;
        int batches = 0;
        for (Batch b : data.dataIter()) {
            if (first == null) {
                first = b;
                LOG.info("X: {}", Arrays.deepToString(b.X().toLongMatrix()));
                LOG.info("X's valid lengths: {}", Arrays.toString(b.XValidLen().toIntVector()));
                LOG.info("Y: {}", Arrays.deepToString(b.Y().toLongMatrix()));
                LOG.info("Y's valid lengths: {}", Arrays.toString(b.YValidLen().toIntVector()));
            }
            batches++;
        }
        return new Result(
                raw75,
                text80,
                source6,
                target6,
                tokens.source().size(),
                histogram,
                srcVocab.size(),
                demo,
                data.srcVocab(),
                data.tgtVocab(),
                batches,
                first);
    }

    /** Python's {@code s[:n]}: the first n code points. */
    static String head(String s, int n) {
        int cps = s.codePointCount(0, s.length());
        return s.substring(0, s.offsetByCodePoints(0, Math.min(n, cps)));
    }
}
