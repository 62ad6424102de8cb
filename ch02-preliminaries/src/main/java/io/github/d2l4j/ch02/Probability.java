package io.github.d2l4j.ch02;

import io.github.d2l4j.common.plot.Axes;
import io.github.d2l4j.common.plot.Plot;
import io.github.d2l4j.common.section.BookSection;
import io.github.d2l4j.common.section.RunOptions;
import io.github.d2l4j.common.section.SectionResult;
import io.github.d2l4j.common.section.Summary;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Probability by simulation and by Bayes' theorem: sampling a fair die, watching relative
 * frequencies converge to 1/6 (the law of large numbers), the HIV test example, and the
 * expectation and variance of a die roll.
 *
 * <p>{@code multinomial} counts n draws from a categorical distribution, as {@code
 * torch.distributions.Multinomial(n, probs).sample()} does.
 *
 * <p>D2L 2.6, Probability.
 */
@BookSection(id = "2.6", title = "Probability", page = "https://zh.d2l.ai/chapter_preliminaries/probability.html")
public final class Probability {
    private static final Logger LOG = LoggerFactory.getLogger(Probability.class);

    public record Config(int groups, int groupSize, long seed, Path out) {
        public static Config from(RunOptions o) {
            return new Config(
                    500, // 500 groups of experiments, as in the book's plot
                    10, // 10 draws each
                    o.seed(42), // fixes initialisation and shuffling, so that runs repeat
                    o.out());
        }
    }

    /**
     * @param frequencies relative frequencies of 1,000 draws
     * @param finalEstimates the running estimates after all groups
     * @param bayes P(D1), P(H|D1), P(D1,D2), P(H|D1,D2)
     * @param sampleMean mean of 10,000 rolls; sampleVariance their variance
     */
    public record Result(
            double[] frequencies,
            double[] finalEstimates,
            double[] bayes,
            double sampleMean,
            double sampleVariance,
            double exactMean,
            double exactVariance,
            Path plot)
            implements SectionResult {
        @Override
        public Summary summary() {
            return Summary.of()
                    .add("p_h_given_d1", bayes[1])
                    .add("p_h_given_d1_d2", bayes[3])
                    .add("plot", plot);
        }
    }

    public static Result run(Config c) {
        Random rng = new Random(c.seed());
        double[] fairProbs = new double[6];
        Arrays.fill(fairProbs, 1.0 / 6);
        LOG.info("Multinomial(1, fair_probs).sample() = {}", Arrays.toString(multinomial(1, fairProbs, rng)));
        LOG.info("Multinomial(10, fair_probs).sample() = {}", Arrays.toString(multinomial(10, fairProbs, rng)));
        int[] counts = multinomial(1000, fairProbs, rng);
        double[] frequencies =
                Arrays.stream(counts).mapToDouble(n -> n / 1000.0).toArray();
        LOG.info("relative frequencies of 1000 draws = {}", Arrays.toString(frequencies));

        // 500 groups of 10 draws: running estimates of each face's probability
        double[][] estimates = new double[6][c.groups()];
        long[] cum = new long[6];
        for (int g = 0; g < c.groups(); g++) {
            int[] draw = multinomial(c.groupSize(), fairProbs, rng);
            for (int face = 0; face < 6; face++) {
                cum[face] += draw[face];
                estimates[face][g] = cum[face] / (double) ((g + 1) * c.groupSize());
            }
        }
        Path plot = plotEstimates(estimates, c.out().resolve("2.6-die.png"));
        LOG.info("plot: {}", plot.toAbsolutePath());
        double[] finalEstimates =
                Arrays.stream(estimates).mapToDouble(e -> e[e.length - 1]).toArray();

        double[] bayes = hivTest();
        LOG.info(String.format(
                "P(D1) = %.6f, P(H|D1) = %.4f, P(D1, D2) = %.8f, P(H|D1, D2) = %.4f",
                bayes[0], bayes[1], bayes[2], bayes[3]));

        // Expectation and variance of one roll: exactly, and from 10,000 samples
        double exactMean = 3.5;
        double exactVariance = 35.0 / 12;
        double[] rolls = new double[10_000];
        for (int i = 0; i < rolls.length; i++) {
            rolls[i] = rng.nextInt(6) + 1;
        }
        double mean = Arrays.stream(rolls).average().orElseThrow();
        double var = Arrays.stream(rolls).map(r -> (r - mean) * (r - mean)).sum() / rolls.length;
        LOG.info(String.format("E[X] = %.4f (exact 3.5), Var[X] = %.4f (exact %.4f)", mean, var, exactVariance));
        return new Result(frequencies, finalEstimates, bayes, mean, var, exactMean, exactVariance, plot);
    }

    /** Counts of each category in n draws with the given probabilities. */
    public static int[] multinomial(int n, double[] probs, Random rng) {
        if (n < 0) {
            throw new IllegalArgumentException("number of draws must be non-negative, got " + n);
        }
        double total = Arrays.stream(probs).sum();
        if (Math.abs(total - 1) > 1e-6 || Arrays.stream(probs).anyMatch(p -> p < 0)) {
            throw new IllegalArgumentException(
                    "probabilities must be non-negative and sum to 1: " + Arrays.toString(probs));
        }
        int[] counts = new int[probs.length];
        for (int i = 0; i < n; i++) {
            double r = rng.nextDouble();
            int k = 0;
            for (double acc = probs[0]; r >= acc && k < probs.length - 1; acc += probs[++k]) {
                // walk the cumulative distribution
            }
            counts[k]++;
        }
        return counts;
    }

    /**
     * The HIV example: prevalence P(H) = 0.0015; test 1 has P(D1|H) = 1 and P(D1|not H) = 0.01;
     * test 2 has P(D2|H) = 0.98 and P(D2|not H) = 0.03, independent given H.
     *
     * @return P(D1), P(H|D1), P(D1, D2), P(H|D1, D2)
     */
    public static double[] hivTest() {
        double pH = 0.0015;
        double pD1 = 1.0 * pH + 0.01 * (1 - pH); // marginalisation
        double pHGivenD1 = 1.0 * pH / pD1; // Bayes
        double pD1D2 = 1.0 * 0.98 * pH + 0.01 * 0.03 * (1 - pH);
        double pHGivenD1D2 = 1.0 * 0.98 * pH / pD1D2;
        return new double[] {pD1, pHGivenD1, pD1D2, pHGivenD1D2};
    }

    private static Path plotEstimates(double[][] estimates, Path png) {
        int n = estimates[0].length;
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = i + 1;
        }
        List<double[]> ys = new ArrayList<>(Arrays.asList(estimates));
        double[] line = new double[n];
        Arrays.fill(line, 1.0 / 6);
        ys.add(line);
        List<String> legend = new ArrayList<>();
        for (int face = 1; face <= 6; face++) {
            legend.add("P(die=" + face + ")");
        }
        legend.add("1/6 = 0.167");
        return Plot.plot(
                x,
                ys,
                Axes.of()
                        .withLabels("Groups of experiments", "Estimated probability")
                        .withLegend(legend.toArray(String[]::new))
                        .withFigsize(6, 4.5),
                List.of("-", "-", "-", "-", "-", "-", "k--"),
                png);
    }
}
