package io.github.d2l4j.common.seq2seq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.d2l4j.common.seq2seq.BeamSearchDecoder.Candidate;
import io.github.d2l4j.common.seq2seq.BeamSearchDecoder.Result;
import io.github.d2l4j.common.seq2seq.BeamSearchDecoder.Step;
import io.github.d2l4j.common.seq2seq.BeamSearchDecoder.StepModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BeamSearchDecoderTest {
    static final int A = 0;
    static final int B = 1;
    static final int C = 2;
    static final int EOS = 3;
    static final int BOS = 4;

    /**
     * The book's example (9.8.1's two figures): the probabilities of A, B, C and {@code <eos>}
     * after each prefix; after any other prefix all four are equally likely.
     */
    static final Map<List<Integer>, double[]> BOOK = Map.of(
            List.of(), new double[] {0.5, 0.2, 0.2, 0.1},
            List.of(A), new double[] {0.1, 0.4, 0.3, 0.2},
            List.of(A, B), new double[] {0.2, 0.2, 0.4, 0.2},
            List.of(A, B, C), new double[] {0.1, 0.2, 0.1, 0.6},
            List.of(A, C), new double[] {0.1, 0.6, 0.2, 0.1},
            List.of(A, C, B), new double[] {0.1, 0.2, 0.1, 0.6});

    /** A model whose state is the prefix of tokens read so far (without the {@code <bos>}). */
    static StepModel<List<Integer>> table(java.util.function.Function<List<Integer>, double[]> probs) {
        return (prefix, token) -> {
            List<Integer> next = new ArrayList<>(prefix);
            if (token != BOS) {
                next.add(token);
            }
            double[] p = probs.apply(next);
            return new Step<>(Arrays.stream(p).map(Math::log).toArray(), List.copyOf(next));
        };
    }

    static final StepModel<List<Integer>> BOOK_MODEL =
            table(prefix -> BOOK.getOrDefault(prefix, new double[] {0.25, 0.25, 0.25, 0.25}));

    @Test
    void greedyFindsTheBooks0048() {
        Result r = new BeamSearchDecoder(1, 10, EOS).decode(BOOK_MODEL, List.of(), BOS);
        assertThat(r.best().tokens()).containsExactly(A, B, C);
        assertThat(r.best().endsWithEos()).isTrue();
        assertThat(Math.exp(r.best().logProb()))
                .isCloseTo(0.5 * 0.4 * 0.4 * 0.6, within(1e-12))
                .isCloseTo(0.048, within(1e-12));
        assertThat(r.best().length()).isEqualTo(4);
        assertThat(r.best().score()).isCloseTo(Math.log(0.048) / Math.pow(4, 0.75), within(1e-12));
    }

    @Test
    void aBeamOfTwoFindsTheBooksBetter0054() {
        Result r = new BeamSearchDecoder(2, 10, EOS).decode(BOOK_MODEL, List.of(), BOS);
        assertThat(r.best().tokens()).containsExactly(A, C, B);
        assertThat(Math.exp(r.best().logProb()))
                .isCloseTo(0.5 * 0.3 * 0.6 * 0.6, within(1e-12))
                .isCloseTo(0.054, within(1e-12));
        // both of the book's sequences were in the beam at the end
        assertThat(r.candidates()).extracting(Candidate::tokens).contains(List.of(A, B, C), List.of(A, C, B));
    }

    /** maxSteps counts the <eos>: with 3, neither ABC<eos> nor ACB<eos> fits, and ACB (0.09) wins over ABC (0.08). */
    @Test
    void maxStepsEndsTheSequencesWithoutEos() {
        Result r = new BeamSearchDecoder(2, 3, EOS).decode(BOOK_MODEL, List.of(), BOS);
        assertThat(r.candidates()).allSatisfy(c -> assertThat(c.length()).isLessThanOrEqualTo(3));
        assertThat(r.best().tokens()).containsExactly(A, C, B);
        assertThat(r.best().endsWithEos()).isFalse();
        assertThat(Math.exp(r.best().logProb())).isCloseTo(0.09, within(1e-12));
    }

    /**
     * The book's beam-search figure (9.8.3): vocabulary A..E, a beam of 2 and at most 3 tokens. The
     * beams are A, C, then AB, CE, then ABD, CED; here the probabilities are chosen so that those
     * are the most probable sequences at each step, and none of them picks {@code <eos>}.
     */
    @Test
    void theBooksFigureBeamsEndAtAbdAndCed() {
        int a = 0, b = 1, c = 2, d = 3, e = 4, eos = 5, bos = 6;
        Map<List<Integer>, double[]> figure = Map.of(
                List.of(), new double[] {0.4, 0.1, 0.3, 0.1, 0.05, 0.05}, // A .4, C .3
                List.of(a), new double[] {0.1, 0.5, 0.1, 0.1, 0.1, 0.1}, // AB .20
                List.of(c), new double[] {0.05, 0.05, 0.05, 0.05, 0.7, 0.1}, // CE .21
                List.of(a, b), new double[] {0.1, 0.1, 0.1, 0.5, 0.1, 0.1}, // ABD .100
                List.of(c, e), new double[] {0.1, 0.1, 0.1, 0.6, 0.05, 0.05}); // CED .126
        StepModel<List<Integer>> model = (prefix, token) -> {
            List<Integer> next = new ArrayList<>(prefix);
            if (token != bos) {
                next.add(token);
            }
            double[] p = figure.getOrDefault(next, new double[] {1 / 6.0, 1 / 6.0, 1 / 6.0, 1 / 6.0, 1 / 6.0, 1 / 6.0});
            return new Step<>(Arrays.stream(p).map(Math::log).toArray(), List.copyOf(next));
        };
        Result r = new BeamSearchDecoder(2, 3, eos).decode(model, List.of(), bos);
        assertThat(r.candidates()).extracting(Candidate::tokens).containsExactly(List.of(c, e, d), List.of(a, b, d));
        assertThat(r.best().tokens()).containsExactly(c, e, d);
        assertThat(Math.exp(r.best().logProb())).isCloseTo(0.3 * 0.7 * 0.6, within(1e-12));
        // a beam of 1 follows A (0.4 > 0.3) and never sees CED
        Result greedy = new BeamSearchDecoder(1, 3, eos).decode(model, List.of(), bos);
        assertThat(greedy.best().tokens()).containsExactly(a, b, d);
    }

    /** A model of {@code v} tokens whose next-token distribution is random but fixed for each prefix. */
    static StepModel<List<Integer>> random(int v, int eos, long seed) {
        return table(prefix -> {
            Random rng = new Random(seed * 1_000_003L + prefix.hashCode());
            double[] p = new double[v];
            for (int i = 0; i < v; i++) {
                p[i] = Math.exp(2 * rng.nextGaussian());
            }
            double sum = Arrays.stream(p).sum();
            return Arrays.stream(p).map(x -> x / sum).toArray();
        });
    }

    @Test
    void aBeamAsWideAsEverySequenceAgreesWithExhaustiveSearch() {
        int v = 4;
        int eos = 1;
        int maxSteps = 4;
        for (long seed = 0; seed < 20; seed++) {
            StepModel<List<Integer>> model = random(v, eos, seed);
            Candidate exhaustive = exhaustive(model, v, eos, maxSteps);
            int everySequence = (int) Math.pow(v, maxSteps);
            Result beam = new BeamSearchDecoder(everySequence, maxSteps, eos).decode(model, List.of(), BOS);
            assertThat(beam.best().tokens()).as("seed %d", seed).isEqualTo(exhaustive.tokens());
            assertThat(beam.best().score()).isCloseTo(exhaustive.score(), within(1e-12));
            // sequences ending at <eos> after 0..3 tokens, and those of 4 tokens without it
            int finishedSequences = 1 + 3 + 9 + 27 + 81;
            assertThat(beam.candidates()).hasSize(finishedSequences);
        }
    }

    /** Every sequence that stops at <eos> or after maxSteps tokens, scored, the best kept. */
    static Candidate exhaustive(StepModel<List<Integer>> model, int v, int eos, int maxSteps) {
        List<Candidate> all = new ArrayList<>();
        enumerate(model, model.step(List.of(), BOS), new ArrayList<>(), 0, v, eos, maxSteps, all);
        Candidate best = all.get(0);
        for (Candidate c : all) {
            best = c.score() > best.score() ? c : best;
        }
        return best;
    }

    private static void enumerate(
            StepModel<List<Integer>> model,
            Step<List<Integer>> step,
            List<Integer> tokens,
            double logProb,
            int v,
            int eos,
            int maxSteps,
            List<Candidate> out) {
        for (int t = 0; t < v; t++) {
            double lp = logProb + step.logProbs()[t];
            List<Integer> next = new ArrayList<>(tokens);
            if (t == eos) {
                out.add(new Candidate(List.copyOf(next), true, lp, lp / Math.pow(next.size() + 1, 0.75)));
                continue;
            }
            next.add(t);
            if (next.size() == maxSteps) {
                out.add(new Candidate(List.copyOf(next), false, lp, lp / Math.pow(next.size(), 0.75)));
            } else {
                enumerate(model, model.step(step.state(), t), next, lp, v, eos, maxSteps, out);
            }
        }
    }

    @Test
    void aBeamOfOneIsAPlainGreedyLoop() {
        int v = 6;
        int eos = 2;
        for (long seed = 0; seed < 50; seed++) {
            StepModel<List<Integer>> model = random(v, eos, seed);
            // predict_seq2seq's loop: the most probable token until <eos> or maxSteps tokens
            List<Integer> greedy = new ArrayList<>();
            Step<List<Integer>> step = model.step(List.of(), BOS);
            for (int t = 0; t < 7; t++) {
                double[] lp = step.logProbs();
                int next = 0;
                for (int i = 1; i < v; i++) {
                    next = lp[i] > lp[next] ? i : next;
                }
                if (next == eos) {
                    break;
                }
                greedy.add(next);
                step = model.step(step.state(), next);
            }
            Result r = new BeamSearchDecoder(1, 7, eos).decode(model, List.of(), BOS);
            assertThat(r.best().tokens()).as("seed %d", seed).isEqualTo(greedy);
            assertThat(r.candidates()).hasSize(1);
        }
    }

    @Test
    void badSettingsAndBadModelsAreRefused() {
        assertThatThrownBy(() -> new BeamSearchDecoder(0, 10, EOS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("beam size 0");
        assertThatThrownBy(() -> new BeamSearchDecoder(2, 0, EOS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxSteps 0");
        assertThatThrownBy(() -> new BeamSearchDecoder(2, 10, -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("eos -1");
        assertThatThrownBy(() -> new BeamSearchDecoder(2, 10, EOS, Double.NaN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("alpha NaN");
        StepModel<List<Integer>> shrinking = (state, token) -> new Step<>(new double[token == BOS ? 4 : 3], state);
        assertThatThrownBy(() -> new BeamSearchDecoder(2, 10, EOS).decode(shrinking, List.of(), BOS))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("gave 3 log-probabilities; expected 4");
    }

    @Test
    void ofLogitsIsALogSoftmax() {
        Step<String> s = Step.ofLogits(new double[] {1000, 1000 + Math.log(3)}, "h");
        assertThat(s.logProbs()[0]).isCloseTo(Math.log(0.25), within(1e-12));
        assertThat(s.logProbs()[1]).isCloseTo(Math.log(0.75), within(1e-12));
        assertThat(s.state()).isEqualTo("h");
    }
}
