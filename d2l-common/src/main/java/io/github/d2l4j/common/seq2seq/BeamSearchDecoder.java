package io.github.d2l4j.common.seq2seq;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Beam search (D2L §9.8), for any model that gives the next token's log-probabilities one step at a
 * time ({@link StepModel}). The book has no code for it; this follows its text.
 *
 * <p>At the first step the {@code k} most probable tokens start {@code k} candidate sequences. At
 * every later step each live candidate is extended by every token of the vocabulary, and of those
 * {@code k|Y|} sequences the {@code k} with the highest probability stay. A sequence whose last
 * token is {@code <eos>} is finished: it is kept as a candidate and extended no further (so the
 * beam narrows); the others are finished after {@code maxSteps} tokens. The result is the finished
 * candidate with the highest score
 *
 * <p>\( \frac{1}{L^\alpha} \log P(y_1, \ldots, y_L \mid c) = \frac{1}{L^\alpha} \sum_{t'=1}^{L}
 * \log P(y_{t'} \mid y_1, \ldots, y_{t'-1}, c) \),
 *
 * <p>with the book's \( \alpha = 0.75 \) ({@link #BOOK_ALPHA}). <b>L counts the tokens whose
 * probabilities make P</b>: the output tokens and the {@code <eos>} that ends them, if any, but not
 * the {@code <bos>} that starts decoding. Ties go to the candidate found first.
 *
 * <p><b>Which sequences are candidates.</b> The book's figure collects the beams of every step (A,
 * C, AB, CE, ABD, CED for a beam of 2 and at most 3 tokens), prefixes included. Its text also says
 * that greedy search is beam search with {@code k = 1}, which it is only when a candidate is a
 * finished sequence: with prefixes as candidates, the one-token prefix would usually win, since
 * its log-probability is the least negative. Here a candidate is a finished sequence, so that
 * {@code k = 1} is exactly the greedy search of {@code predict_seq2seq}. The cost is the book's
 * \( O(k|Y|T') \): {@code k} model steps and {@code k|Y|} sums per time step.
 *
 * <p>Defined in D2L §9.8.
 */
public final class BeamSearchDecoder {
    /** The book's exponent of the length penalty. */
    public static final double BOOK_ALPHA = 0.75;

    /**
     * A model decoding one token at a time: given its state and the token just produced (the first
     * call gets {@code <bos>}), the log-probabilities of every next token and the state after
     * reading the token. A state is shared by all sequences that extend it, so {@code step} must
     * not change the state it is given.
     *
     * @param <S> the model's state (a GRU's hidden state, for the seq2seq decoder)
     */
    @FunctionalInterface
    public interface StepModel<S> {
        Step<S> step(S state, int token);
    }

    /**
     * One step of a {@link StepModel}.
     *
     * @param logProbs the log-probability of each token of the vocabulary being the next one
     * @param state the state after the token was read
     */
    public record Step<S>(double[] logProbs, S state) {
        /** A step from the decoder's raw scores (logits): their log-softmax, computed stably. */
        public static <S> Step<S> ofLogits(double[] logits, S state) {
            double max = Arrays.stream(logits).max().orElseThrow();
            double sum = Arrays.stream(logits).map(z -> Math.exp(z - max)).sum();
            double logZ = max + Math.log(sum);
            return new Step<>(Arrays.stream(logits).map(z -> z - logZ).toArray(), state);
        }
    }

    /**
     * A finished candidate.
     *
     * @param tokens the output tokens, without the {@code <eos>}
     * @param endsWithEos whether it ended at {@code <eos>} (rather than after maxSteps tokens)
     * @param logProb \( \log P \), of the tokens and the {@code <eos>}
     * @param score \( \log P / L^\alpha \)
     */
    public record Candidate(List<Integer> tokens, boolean endsWithEos, double logProb, double score) {
        /** L: the tokens, and the {@code <eos>} if there is one. */
        public int length() {
            return tokens.size() + (endsWithEos ? 1 : 0);
        }
    }

    /**
     * The best candidate, and all finished ones in the order they finished.
     *
     * @param best the candidate with the highest score
     */
    public record Result(Candidate best, List<Candidate> candidates) {}

    private final int beamSize;
    private final int maxSteps;
    private final int eos;
    private final double alpha;

    /**
     * The book's beam search, \( \alpha = 0.75 \).
     *
     * @see #BeamSearchDecoder(int, int, int, double)
     */
    public BeamSearchDecoder(int beamSize, int maxSteps, int eos) {
        this(beamSize, maxSteps, eos, BOOK_ALPHA);
    }

    /**
     * @param beamSize k, the candidates kept at each step; 1 is greedy search
     * @param maxSteps at most this many tokens, the {@code <eos>} included (the book's {@code
     *     num_steps} of {@code predict_seq2seq})
     * @param eos the index of {@code <eos>}
     * @param alpha the length penalty's exponent
     * @throws IllegalArgumentException for a beam size or maxSteps below 1, a negative eos, or an
     *     alpha that is negative or not finite
     */
    public BeamSearchDecoder(int beamSize, int maxSteps, int eos, double alpha) {
        if (beamSize < 1 || maxSteps < 1 || eos < 0 || !(alpha >= 0) || Double.isInfinite(alpha)) {
            throw new IllegalArgumentException(String.format(
                    "beam search needs a beam size and maxSteps of at least 1, an eos index >= 0 and a finite"
                            + " alpha >= 0, got beam size %d, maxSteps %d, eos %d, alpha %s",
                    beamSize, maxSteps, eos, alpha));
        }
        this.beamSize = beamSize;
        this.maxSteps = maxSteps;
        this.eos = eos;
        this.alpha = alpha;
    }

    /** A live sequence: its tokens, their log-probability, and what the model gives next. */
    private record Live<S>(List<Integer> tokens, double logProb, Step<S> next) {}

    /** A live sequence extended by one token. */
    private record Extension<S>(Live<S> parent, int token, double logProb) {}

    /**
     * Decodes from the model's initial state, starting with {@code bos}.
     *
     * @throws IllegalStateException when the model gives log-probabilities of varying length, too
     *     short to hold {@code <eos>}, or NaN
     */
    public <S> Result decode(StepModel<S> model, S initialState, int bos) {
        List<Live<S>> beam = List.of(new Live<>(List.of(), 0, check(model.step(initialState, bos), -1)));
        List<Candidate> finished = new ArrayList<>();
        int vocabSize = beam.get(0).next().logProbs().length;
        for (int t = 1; t <= maxSteps && !beam.isEmpty(); t++) {
            List<Live<S>> next = new ArrayList<>();
            for (Extension<S> e : best(beam)) {
                List<Integer> tokens = new ArrayList<>(e.parent().tokens());
                if (e.token() == eos) {
                    finished.add(candidate(tokens, true, e.logProb()));
                    continue;
                }
                tokens.add(e.token());
                if (t == maxSteps) {
                    finished.add(candidate(tokens, false, e.logProb()));
                } else {
                    Step<S> step = check(model.step(e.parent().next().state(), e.token()), vocabSize);
                    next.add(new Live<>(List.copyOf(tokens), e.logProb(), step));
                }
            }
            beam = next;
        }
        Candidate best = finished.get(0);
        for (Candidate c : finished) {
            if (c.score() > best.score()) {
                best = c;
            }
        }
        return new Result(best, List.copyOf(finished));
    }

    /** The k most probable extensions of the beam's sequences; ties in beam order, then token order. */
    private <S> List<Extension<S>> best(List<Live<S>> beam) {
        List<Extension<S>> all = new ArrayList<>();
        for (Live<S> live : beam) {
            double[] logProbs = live.next().logProbs();
            for (int v = 0; v < logProbs.length; v++) {
                all.add(new Extension<>(live, v, live.logProb() + logProbs[v]));
            }
        }
        all.sort(Comparator.comparingDouble((Extension<S> e) -> e.logProb()).reversed()); // stable
        return all.subList(0, Math.min(beamSize, all.size()));
    }

    private Candidate candidate(List<Integer> tokens, boolean endsWithEos, double logProb) {
        int length = tokens.size() + (endsWithEos ? 1 : 0);
        return new Candidate(List.copyOf(tokens), endsWithEos, logProb, logProb / Math.pow(length, alpha));
    }

    /** The model's step, checked: as many log-probabilities as before (any, the first time), none NaN. */
    private <S> Step<S> check(Step<S> step, int vocabSize) {
        double[] lp = step == null ? null : step.logProbs();
        if (lp == null || lp.length <= eos || vocabSize >= 0 && lp.length != vocabSize) {
            throw new IllegalStateException(String.format(
                    "the model gave %s log-probabilities; expected %s, with <eos> = %d among them",
                    lp == null ? "no" : String.valueOf(lp.length),
                    vocabSize >= 0 ? String.valueOf(vocabSize) : "one per token",
                    eos));
        }
        if (Arrays.stream(lp).anyMatch(Double::isNaN)) {
            throw new IllegalStateException("the model gave a NaN log-probability: " + Arrays.toString(lp));
        }
        return step;
    }
}
