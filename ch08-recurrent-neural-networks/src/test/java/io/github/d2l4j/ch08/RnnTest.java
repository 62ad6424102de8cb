package io.github.d2l4j.ch08;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.d2l4j.common.testing.NdAssert;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RnnTest {

    @Test
    void concatenatedProductEqualsTheTwoProducts() {
        for (long seed : new long[] {1, 2, 42}) {
            Rnn.Result r = Rnn.run(new Rnn.Config(seed));
            assertThat(r.separate().shape()).containsExactly(3, 4);
            NdAssert.assertClose("seed " + seed, r.concatenated(), r.separate(), 1e-5, 1e-5);
            assertThat(r.maxAbsDiff()).isLessThan(1e-5);
            assertThat(r.separate().amaxNumber().doubleValue()).isGreaterThan(0.1); // not all zeros
            assertThat(r.summary().toString()).contains("max_abs_diff=");
        }
    }

    @Test
    void uniformPredictorHasPerplexityOfTheVocabulary() {
        for (int v : new int[] {1, 2, 28, 1000}) {
            double[] p = new double[37];
            Arrays.fill(p, 1.0 / v);
            assertThat(Rnn.perplexity(p)).isCloseTo(v, within(1e-9 * v));
        }
        Rnn.Result r = Rnn.run(new Rnn.Config(1));
        assertThat(r.uniformPerplexity()).isCloseTo(r.vocabSize(), within(1e-9));
        // a unigram model knows the frequencies: better than uniform, worse than perfect
        assertThat(r.unigramPerplexity()).isGreaterThan(1).isLessThan(r.uniformPerplexity());
    }

    @Test
    void perfectPredictorHasPerplexityOne() {
        assertThat(Rnn.perplexity(new double[] {1, 1, 1})).isEqualTo(1.0);
    }

    /** "aab": p(a) = 2/3, p(b) = 1/3; perplexity exp(-(2 log 2/3 + log 1/3) / 3) = 3 / 4^(1/3). */
    @Test
    void unigramPerplexityByHand() {
        List<String> tokens = List.of("a", "a", "b");
        Map<String, Double> p = Rnn.unigram(tokens);
        assertThat(p).containsExactly(Map.entry("a", 2.0 / 3), Map.entry("b", 1.0 / 3));
        double ppl = Rnn.perplexity(tokens.stream().mapToDouble(p::get).toArray());
        assertThat(ppl).isCloseTo(3 / Math.cbrt(4), within(1e-12));
    }

    @Test
    void badProbabilitiesAreRefused() {
        assertThatThrownBy(() -> Rnn.perplexity(new double[0])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Rnn.perplexity(new double[] {0.5, 0}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("step 1");
        assertThatThrownBy(() -> Rnn.perplexity(new double[] {1.5})).isInstanceOf(IllegalArgumentException.class);
    }
}
