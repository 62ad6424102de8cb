package io.github.d2l4j.ch08;

import io.github.d2l4j.common.section.BookSection;
import io.github.d2l4j.common.section.RunOptions;
import io.github.d2l4j.common.section.SectionResult;
import io.github.d2l4j.common.section.Summary;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A recurrent neural network keeps a hidden state: \( H_t = \phi(X_t W_{xh} + H_{t-1} W_{hh} +
 * b_h) \). The two products are one product of the concatenations, \( [X_t, H_{t-1}] [W_{xh};
 * W_{hh}] \), which the section checks on random matrices. A language model built on it is judged
 * by its perplexity, \( \exp(-\frac{1}{n} \sum_t \log P(x_t \mid x_{t-1}, \ldots)) \): 1 for a
 * perfect model, the vocabulary size for one that predicts every token uniformly.
 *
 * <p>The book has no code for perplexity here; {@link #perplexity} writes its definition out, and
 * the section applies it to a unigram model (each token's frequency in the text) and to the
 * uniform predictor on two lines of The Time Machine, tokenised into characters.
 *
 * <p>D2L 8.4, Recurrent Neural Networks.
 */
@BookSection(
        id = "8.4",
        title = "Recurrent Neural Networks",
        page = "https://zh.d2l.ai/chapter_recurrent-neural-networks/rnn.html")
public final class Rnn {
    private static final Logger LOG = LoggerFactory.getLogger(Rnn.class);

    /**
     * Two lines of The Time Machine as 8.2 prints them (its {@code lines[0]} and {@code
     * lines[10]}), joined without a separator as the book's {@code load_corpus_time_machine} joins
     * its lines.
     */
    static final String TEXT =
            "the time machine by h g wells" + "twinkled and his usually pale face was flushed and animated the";

    public record Config(long seed) {
        public static Config from(RunOptions o) {
            return new Config(o.seed(42)); // fixes the random matrices, so that runs repeat
        }
    }

    /**
     * @param separate \( X W_{xh} + H W_{hh} \), (3, 4)
     * @param concatenated \( [X, H] [W_{xh}; W_{hh}] \), (3, 4)
     * @param maxAbsDiff the largest |difference| between the two
     * @param unigramPerplexity perplexity of the unigram model on {@link #TEXT}'s characters
     * @param uniformPerplexity perplexity of the uniform predictor on the same characters
     * @param vocabSize the number of distinct characters
     */
    public record Result(
            INDArray separate,
            INDArray concatenated,
            double maxAbsDiff,
            double unigramPerplexity,
            double uniformPerplexity,
            int vocabSize)
            implements SectionResult {
        @Override
        public Summary summary() {
            return Summary.of()
                    .add("max_abs_diff", maxAbsDiff)
                    .add("ppl_unigram", unigramPerplexity)
                    .add("ppl_uniform", uniformPerplexity)
                    .add("vocab", vocabSize);
        }
    }

    public static Result run(Config c) {
        // 8.4.2: the hidden state's two products, and the one product of the concatenations
        Nd4j.getRandom().setSeed(c.seed());
        INDArray X = Nd4j.randn(DataType.FLOAT, 3, 1);
        INDArray W_xh = Nd4j.randn(DataType.FLOAT, 1, 4);
        INDArray H = Nd4j.randn(DataType.FLOAT, 3, 4);
        INDArray W_hh = Nd4j.randn(DataType.FLOAT, 4, 4);
        INDArray separate = X.mmul(W_xh).add(H.mmul(W_hh));
        INDArray XH = Nd4j.concat(1, X, H); // (3, 5)
        INDArray W = Nd4j.concat(0, W_xh, W_hh); // (5, 4)
        INDArray concatenated = XH.mmul(W);
        double maxAbsDiff = separate.sub(concatenated).amaxNumber().doubleValue();
        LOG.info(
                "X W_xh + H W_hh =\n{}\n[X, H] [W_xh; W_hh] =\n{}\nmax |difference| {}",
                separate,
                concatenated,
                maxAbsDiff);

        // 8.4.4: perplexity of two predictors on the same character sequence
        List<String> tokens =
                TEXT.chars().mapToObj(ch -> String.valueOf((char) ch)).toList();
        Map<String, Double> unigram = unigram(tokens);
        double unigramPpl = perplexity(tokens.stream().mapToDouble(unigram::get).toArray());
        double uniformPpl = perplexity(
                tokens.stream().mapToDouble(t -> 1.0 / unigram.size()).toArray());
        LOG.info("perplexity: unigram {}, uniform {} ({} distinct characters)", unigramPpl, uniformPpl, unigram.size());
        return new Result(separate, concatenated, maxAbsDiff, unigramPpl, uniformPpl, unigram.size());
    }

    /**
     * \( \exp(-\frac{1}{n} \sum_{t=1}^n \log p_t) \), where {@code p[t]} is the probability the
     * model gave the token that came at step t.
     *
     * @throws IllegalArgumentException if {@code p} is empty or a probability is outside (0, 1]
     */
    public static double perplexity(double[] p) {
        if (p.length == 0) {
            throw new IllegalArgumentException("perplexity: no tokens");
        }
        double sum = 0;
        for (int t = 0; t < p.length; t++) {
            if (!(p[t] > 0 && p[t] <= 1)) {
                throw new IllegalArgumentException(
                        "perplexity: probability " + p[t] + " at step " + t + " is not in (0, 1]");
            }
            sum -= Math.log(p[t]);
        }
        return Math.exp(sum / p.length);
    }

    /** Each token's relative frequency in {@code tokens}, in first-seen order. */
    public static Map<String, Double> unigram(List<String> tokens) {
        Map<String, Double> p = new LinkedHashMap<>();
        for (String t : tokens) {
            p.merge(t, 1.0, Double::sum);
        }
        p.replaceAll((t, count) -> count / tokens.size());
        return p;
    }
}
