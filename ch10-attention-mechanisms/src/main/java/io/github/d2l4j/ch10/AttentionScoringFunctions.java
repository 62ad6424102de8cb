package io.github.d2l4j.ch10;

import io.github.d2l4j.common.attention.AdditiveAttention;
import io.github.d2l4j.common.attention.Attention;
import io.github.d2l4j.common.attention.DotProductAttention;
import io.github.d2l4j.common.attention.MaskedSoftmax;
import io.github.d2l4j.common.plot.Heatmaps;
import io.github.d2l4j.common.section.BookSection;
import io.github.d2l4j.common.section.RunOptions;
import io.github.d2l4j.common.section.SectionResult;
import io.github.d2l4j.common.section.Summary;
import java.nio.file.Path;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Attention scoring functions: attention pooling is a softmax over scores a(q, k_i) of the query
 * against each key, and the scoring function decides what attention can express.
 *
 * <p>The masked softmax ({@link MaskedSoftmax}) keeps padding out of the weights: the book fills
 * the scores past a valid length with -1e6 rather than minus infinity, so a row with no valid key
 * becomes uniform rather than NaN. Additive attention ({@link AdditiveAttention}) scores queries and
 * keys of different lengths through one hidden layer, \( \mathbf w_v^\top \tanh(\mathbf W_q \mathbf q
 * + \mathbf W_k \mathbf k) \); scaled dot-product attention ({@link DotProductAttention}) needs
 * queries and keys of one length d and scores them by \( \mathbf q^\top \mathbf k / \sqrt d \).
 *
 * <p>The demos' keys are all the same, so both scorings give uniform weights over the valid keys
 * whatever the random queries and weights: the outputs are exactly the mean of the first 2 and of
 * the first 6 values, [[[2, 3, 4, 5]], [[10, 11, 12, 13]]].
 *
 * <p>D2L 10.3, Attention Scoring Functions.
 */
@BookSection(
        id = "10.3",
        title = "Attention Scoring Functions",
        page = "https://zh.d2l.ai/chapter_attention-mechanisms/attention-scoring-functions.html")
public final class AttentionScoringFunctions {
    private static final Logger LOG = LoggerFactory.getLogger(AttentionScoringFunctions.class);

    /** @param seed fixes the random scores, queries and weights (the demos' outputs do not depend on them) */
    public record Config(long seed, Path out) {
        public static Config from(RunOptions o) {
            return new Config(o.seed(42), o.out());
        }
    }

    /**
     * @param masked {@code masked_softmax(torch.rand(2, 2, 4), torch.tensor([2, 3]))}
     * @param maskedPerQuery the same with valid lengths per query, {@code [[1, 3], [2, 4]]}
     * @param additive the additive demo's output and weights
     * @param dotProduct the dot-product demo's output and weights
     */
    public record Result(
            INDArray masked,
            INDArray maskedPerQuery,
            Attention.Output additive,
            Attention.Output dotProduct,
            Path additiveHeatmap,
            Path dotProductHeatmap)
            implements SectionResult {
        @Override
        public Summary summary() {
            return Summary.of()
                    .add("additive_output", additive.output().toString().replaceAll("\\s+", ""))
                    .add("dot_product_output", dotProduct.output().toString().replaceAll("\\s+", ""))
                    .add("additive_heatmap", additiveHeatmap)
                    .add("dot_product_heatmap", dotProductHeatmap);
        }
    }

    public static Result run(Config c) {
        Nd4j.getRandom().setSeed(c.seed());

        // 10.3.1 the masked softmax: one valid length per sequence, then one per query
        INDArray masked = MaskedSoftmax.maskedSoftmax(Nd4j.rand(DataType.FLOAT, 2, 2, 4), Nd4j.createFromArray(2, 3));
        LOG.info("masked_softmax(torch.rand(2, 2, 4), torch.tensor([2, 3])) =\n{}", masked);
        INDArray maskedPerQuery = MaskedSoftmax.maskedSoftmax(
                Nd4j.rand(DataType.FLOAT, 2, 2, 4), Nd4j.createFromArray(new int[][] {{1, 3}, {2, 4}}));
        LOG.info("masked_softmax(torch.rand(2, 2, 4), torch.tensor([[1, 3], [2, 4]])) =\n{}", maskedPerQuery);

        // 10.3.2 additive attention: queries of 20 features, keys of 2; a minibatch of 2, one query,
        // 10 key-value pairs; the values are the same in both examples
        INDArray keys = Nd4j.ones(DataType.FLOAT, 2, 10, 2);
        INDArray values =
                Nd4j.arange(40).castTo(DataType.FLOAT).reshape(1, 10, 4).repeat(0, 2);
        INDArray validLens = Nd4j.createFromArray(2, 6);
        Attention additive = new AdditiveAttention(2, 20, 8, 0.1).eval();
        Attention.Output a = additive.apply(Nd4j.randn(DataType.FLOAT, 2, 1, 20), keys, values, validLens);
        LOG.info("additive attention =\n{}", a.output());
        Path additiveHeatmap = Heatmaps.showHeatmaps(
                a.attentionWeights().reshape(1, 1, 2, 10),
                "Keys",
                "Queries",
                c.out().resolve("10.3-additive.png"));
        LOG.info("heatmap: {}", additiveHeatmap.toAbsolutePath());

        // 10.3.3 scaled dot-product attention: queries as long as the keys
        Attention dotProduct = new DotProductAttention(0.5).eval();
        Attention.Output d = dotProduct.apply(Nd4j.randn(DataType.FLOAT, 2, 1, 2), keys, values, validLens);
        LOG.info("scaled dot-product attention =\n{}", d.output());
        Path dotProductHeatmap = Heatmaps.showHeatmaps(
                d.attentionWeights().reshape(1, 1, 2, 10),
                "Keys",
                "Queries",
                c.out().resolve("10.3-dot-product.png"));
        LOG.info("heatmap: {}", dotProductHeatmap.toAbsolutePath());

        return new Result(masked, maskedPerQuery, a, d, additiveHeatmap, dotProductHeatmap);
    }
}
