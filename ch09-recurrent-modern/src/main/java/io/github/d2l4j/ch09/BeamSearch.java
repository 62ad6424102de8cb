package io.github.d2l4j.ch09;

import io.github.d2l4j.common.data.Vocab;
import io.github.d2l4j.common.section.BookSection;
import io.github.d2l4j.common.section.RunOptions;
import io.github.d2l4j.common.section.SectionResult;
import io.github.d2l4j.common.section.Summary;
import io.github.d2l4j.common.seq2seq.BeamSearchDecoder;
import io.github.d2l4j.common.seq2seq.EncoderDecoder;
import io.github.d2l4j.common.seq2seq.TrainSeq2seq;
import io.github.d2l4j.common.seq2seq.Translation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Beam search: greedy search takes the most likely token at every step, which need not give the
 * most likely sequence; exhaustive search finds it at a cost of \(|Y|^{T'}\) sequences (\(10000^{10}
 * = 10^{40}\) for the page's example); beam search keeps the \(k\) most likely prefixes at every
 * step, \(O(k|Y|T')\), and chooses among the finished candidates by \(\frac{1}{L^\alpha}\log P\),
 * \(\alpha = 0.75\), so that long sequences are not punished for their many factors.
 *
 * <p>The page has no code. This section shows the page's example first (greedy search finds the
 * sequence of probability \(0.5 \times 0.4 \times 0.4 \times 0.6 = 0.048\), a beam of 2 the better
 * \(0.5 \times 0.3 \times 0.6 \times 0.6 = 0.054\)), then trains 9.7's model at the book's settings
 * and translates its four sentences with beams of 1 (9.7's greedy search), 2 and 4 ({@link
 * BeamSearchDecoder}, where the candidates, their length \(L\) and the choice are documented).
 *
 * <p>D2L 9.8, Beam Search.
 */
@BookSection(id = "9.8", title = "Beam Search", page = "https://zh.d2l.ai/chapter_recurrent-modern/beam-search.html")
public final class BeamSearch {
    private static final Logger LOG = LoggerFactory.getLogger(BeamSearch.class);

    /** The beam sizes the four sentences are translated with: 1 is greedy search. */
    public static final List<Integer> BEAM_SIZES = List.of(1, 2, 4);

    /** The model and its training are 9.7's. */
    public record Config(Seq2seq.Config seq2seq) {
        public static Config from(RunOptions o) {
            return new Config(Seq2seq.Config.from(o));
        }
    }

    /** One sentence translated with one beam size, and its BLEU (k = 2) against the book's French. */
    public record BeamTranslation(String eng, int beamSize, String translation, double logProb, double bleu) {}

    /**
     * @param greedyExample, beamExample the probabilities greedy search and a beam of 2 find on the page's example
     */
    public record Result(double greedyExample, double beamExample, double loss, List<BeamTranslation> translations)
            implements SectionResult {
        public Result {
            translations = List.copyOf(translations);
        }

        @Override
        public Summary summary() {
            Summary s = Summary.of()
                    .add("example_greedy", greedyExample)
                    .add("example_beam2", beamExample)
                    .add("loss", loss);
            for (BeamTranslation t : translations) {
                s.add("bleu" + (Translation.ENGS.indexOf(t.eng()) + 1) + "_k" + t.beamSize(), t.bleu());
            }
            return s;
        }
    }

    public static Result run(Config c) {
        // 9.8.1-9.8.3 the page's example: tokens A, B, C and <eos>
        double greedy = Math.exp(exampleSearch(1).logProb());
        double beam = Math.exp(exampleSearch(2).logProb());
        LOG.info(String.format(Locale.ROOT, "page's example: greedy search %.3f, beam of 2 %.3f", greedy, beam));
        LOG.info("exhaustive search over 10000 tokens and 10 steps: 10^40 sequences; greedy: 10^5 scores");

        // 9.7's model, trained as there
        Nd4j.getRandom().setSeed(c.seq2seq().seed());
        Seq2seq.Trained t = Seq2seq.train(c.seq2seq());
        List<BeamTranslation> translations = new ArrayList<>();
        for (int i = 0; i < Translation.ENGS.size(); i++) {
            for (int k : BEAM_SIZES) {
                translations.add(translate(
                        t,
                        Translation.ENGS.get(i),
                        Translation.FRAS.get(i),
                        k,
                        c.seq2seq().numSteps()));
            }
        }
        return new Result(greedy, beam, t.training().loss(), translations);
    }

    /** One sentence with a beam of {@code k}, printed as 9.7 prints its translations. */
    static BeamTranslation translate(Seq2seq.Trained t, String eng, String fra, int k, int numSteps) {
        EncoderDecoder net = t.net();
        Vocab tgtVocab = t.data().tgtVocab();
        net.eval(); // no dropout in prediction
        TrainSeq2seq.Source src = TrainSeq2seq.source(eng, t.data().srcVocab(), numSteps);
        List<INDArray> encState = net.encode(src.encX(), src.encValidLen());
        BeamSearchDecoder.Candidate best = new BeamSearchDecoder(k, numSteps, tgtVocab.get("<eos>"))
                .decode(decoderSteps(net), encState, tgtVocab.get("<bos>"))
                .best();
        String translation = String.join(
                " ",
                tgtVocab.toTokens(
                        best.tokens().stream().mapToInt(Integer::intValue).toArray()));
        double bleu = TrainSeq2seq.bleu(translation, fra, 2);
        LOG.info(String.format(Locale.ROOT, "k=%d: %s => %s, bleu %.3f", k, eng, translation, bleu));
        return new BeamTranslation(eng, k, translation, best.logProb(), bleu);
    }

    /** The decoder read one token at a time, as 9.7's prediction does (its context quirk included). */
    static BeamSearchDecoder.StepModel<List<INDArray>> decoderSteps(EncoderDecoder net) {
        return (state, token) -> {
            EncoderDecoder.Step s = net.decode(Nd4j.createFromArray(new int[][] {{token}}), state);
            double[] logits = s.output().reshape(-1).castTo(DataType.DOUBLE).toDoubleVector(); // (1, 1, V)
            return BeamSearchDecoder.Step.ofLogits(logits, s.state());
        };
    }

    static final int A = 0, B = 1, C = 2, EOS = 3, BOS = 4;

    /**
     * The page's figures 9.8.1 and 9.8.2: the probabilities of A, B, C and {@code <eos>} after each
     * prefix; after any other prefix all four are equally likely.
     */
    static final Map<List<Integer>, double[]> EXAMPLE = Map.of(
            List.of(), new double[] {0.5, 0.2, 0.2, 0.1},
            List.of(A), new double[] {0.1, 0.4, 0.3, 0.2},
            List.of(A, B), new double[] {0.2, 0.2, 0.4, 0.2},
            List.of(A, B, C), new double[] {0.1, 0.2, 0.1, 0.6},
            List.of(A, C), new double[] {0.1, 0.6, 0.2, 0.1},
            List.of(A, C, B), new double[] {0.1, 0.2, 0.1, 0.6});

    /** The best sequence a beam of {@code k} finds on the page's example. */
    static BeamSearchDecoder.Candidate exampleSearch(int k) {
        BeamSearchDecoder.StepModel<List<Integer>> model = (prefix, token) -> {
            List<Integer> next = new ArrayList<>(prefix);
            if (token != BOS) {
                next.add(token);
            }
            double[] p = EXAMPLE.getOrDefault(next, new double[] {0.25, 0.25, 0.25, 0.25});
            return new BeamSearchDecoder.Step<>(Arrays.stream(p).map(Math::log).toArray(), List.copyOf(next));
        };
        return new BeamSearchDecoder(k, 10, EOS).decode(model, List.of(), BOS).best();
    }
}
