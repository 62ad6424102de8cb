package io.github.d2l4j.ch10;

import io.github.d2l4j.common.attention.MultiHeadAttention;
import io.github.d2l4j.common.section.BookSection;
import io.github.d2l4j.common.section.RunOptions;
import io.github.d2l4j.common.section.SectionResult;
import io.github.d2l4j.common.section.Summary;
import java.nio.file.Path;
import java.util.Arrays;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Multi-head attention: h heads, each a scaled dot-product attention on its own learned linear
 * projections of the queries, keys and values, their outputs concatenated and projected once more,
 * so that the heads can attend to different things (shorter and longer ranges, say). With \( p_q =
 * p_k = p_v = p_o / h \) all heads are computed at once, stacked along the batch axis ({@link
 * MultiHeadAttention#transposeQkv}).
 *
 * <p>The class is {@code MultiHeadAttentionSection} because the book's module of the same name is
 * {@link MultiHeadAttention} in d2l-common. The concise counterpart is ND4J's own {@code
 * sd.nn.multiHeadDotProductAttention} fed the same four weight matrices ({@link
 * MultiHeadAttention#concise}): without a mask both give the same output, which the section checks.
 * ND4J's op takes one mask per key only, so the book's valid lengths per query, and later the
 * Transformer's causal mask, need the book's own masked softmax.
 *
 * <p>D2L 10.5, Multi-Head Attention.
 */
@BookSection(
        id = "10.5",
        title = "Multi-Head Attention",
        page = "https://zh.d2l.ai/chapter_attention-mechanisms/multihead-attention.html")
public final class MultiHeadAttentionSection {
    private static final Logger LOG = LoggerFactory.getLogger(MultiHeadAttentionSection.class);

    /** @param seed fixes the projections' initialisation */
    public record Config(long seed, Path out) {
        public static Config from(RunOptions o) {
            return new Config(o.seed(42), o.out());
        }
    }

    /**
     * @param outputShape {@code attention(X, Y, Y, valid_lens).shape}, the book's (2, 4, 100)
     * @param numParams the parameters of the book's {@code MultiHeadAttention(100, 100, 100, 100, 5, 0.5)}
     * @param conciseMaxDiff the largest difference between the book's multi-head attention and
     *     ND4J's {@code multiHeadDotProductAttention} on the same weights, without a mask
     */
    public record Result(long[] outputShape, long numParams, double conciseMaxDiff) implements SectionResult {
        @Override
        public Summary summary() {
            return Summary.of()
                    .add("shape", Arrays.toString(outputShape).replace(" ", ""))
                    .add("params", numParams)
                    .add("concise_max_diff", conciseMaxDiff);
        }
    }

    public static Result run(Config c) {
        Nd4j.getRandom().setSeed(c.seed());
        int numHiddens = 100, numHeads = 5;
        MultiHeadAttention attention =
                new MultiHeadAttention(numHiddens, numHiddens, numHiddens, numHiddens, numHeads, 0.5);
        attention.eval();
        long numParams = attention.numParams();
        LOG.info("{}, {} parameters", attention, numParams);

        // A minibatch of 2, 4 queries, 6 key-value pairs; valid lengths 3 and 2
        int batchSize = 2, numQueries = 4, numKvpairs = 6;
        INDArray X = Nd4j.ones(DataType.FLOAT, batchSize, numQueries, numHiddens);
        INDArray Y = Nd4j.ones(DataType.FLOAT, batchSize, numKvpairs, numHiddens);
        long[] shape =
                attention.apply(X, Y, Y, Nd4j.createFromArray(3, 2)).output().shape();
        LOG.info("attention(X, Y, Y, valid_lens).shape = torch.Size({})", Arrays.toString(shape));

        // Concise: ND4J's op on the same weights, against the book's, both without a mask
        INDArray queries = Nd4j.randn(DataType.FLOAT, batchSize, numQueries, numHiddens);
        INDArray keyValues = Nd4j.randn(DataType.FLOAT, batchSize, numKvpairs, numHiddens);
        INDArray book = attention.apply(queries, keyValues, keyValues, null).output();
        SameDiff sd = SameDiff.create();
        INDArray nd4j = attention
                .concise(sd.constant(queries), sd.constant(keyValues), sd.constant(keyValues), null)
                .eval();
        double maxDiff = Transforms.abs(book.sub(nd4j)).maxNumber().doubleValue();
        LOG.info("ND4J's multiHeadDotProductAttention on the same weights: largest difference {}", maxDiff);
        return new Result(shape, numParams, maxDiff);
    }
}
