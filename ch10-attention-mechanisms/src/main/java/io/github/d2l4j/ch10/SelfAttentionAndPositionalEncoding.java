package io.github.d2l4j.ch10;

import io.github.d2l4j.common.attention.MultiHeadAttention;
import io.github.d2l4j.common.attention.PositionalEncoding;
import io.github.d2l4j.common.plot.Axes;
import io.github.d2l4j.common.plot.Heatmaps;
import io.github.d2l4j.common.plot.Plot;
import io.github.d2l4j.common.section.BookSection;
import io.github.d2l4j.common.section.RunOptions;
import io.github.d2l4j.common.section.SectionResult;
import io.github.d2l4j.common.section.Summary;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Self-attention and positional encoding: in self-attention the queries, keys and values are the
 * same tokens, so every token attends to every other in one step. Compared for a sequence of n
 * tokens of d features (kernel size k for the CNN):
 *
 * <table>
 *   <caption>The book's comparison</caption>
 *   <tr><th>Architecture</th><th>Compute</th><th>Sequential ops</th><th>Max path length</th></tr>
 *   <tr><td>CNN</td><td>O(knd²)</td><td>O(1)</td><td>O(n/k)</td></tr>
 *   <tr><td>RNN</td><td>O(nd²)</td><td>O(n)</td><td>O(n)</td></tr>
 *   <tr><td>Self-attention</td><td>O(n²d)</td><td>O(1)</td><td>O(1)</td></tr>
 * </table>
 *
 * <p>Self-attention alone ignores order, so the book adds a fixed positional encoding ({@link
 * PositionalEncoding}), \( p_{i,2j} = \sin(i / 10000^{2j/d}) \) and \( p_{i,2j+1} = \cos(i /
 * 10000^{2j/d}) \): frequencies fall along the encoding dimension, as the bits of a binary number
 * alternate more slowly from the lowest bit on (the printout of 0 to 7), and a shift by δ positions
 * is a linear map of the encoding, so relative positions can be learned.
 *
 * <p>D2L 10.6, Self-Attention and Positional Encoding.
 */
@BookSection(
        id = "10.6",
        title = "Self-Attention and Positional Encoding",
        page = "https://zh.d2l.ai/chapter_attention-mechanisms/self-attention-and-positional-encoding.html")
public final class SelfAttentionAndPositionalEncoding {
    private static final Logger LOG = LoggerFactory.getLogger(SelfAttentionAndPositionalEncoding.class);

    /** @param seed fixes the self-attention's projections */
    public record Config(long seed, Path out) {
        public static Config from(RunOptions o) {
            return new Config(o.seed(42), o.out());
        }
    }

    /**
     * @param selfAttentionShape {@code attention(X, X, X, valid_lens).shape}, the book's (2, 4, 100)
     * @param P the encoding of 60 steps of 32 dimensions that the book plots, (60, 32)
     * @param binary the book's printout of 0 to 7 in binary
     */
    public record Result(long[] selfAttentionShape, INDArray P, List<String> binary, Path columnsPlot, Path heatmap)
            implements SectionResult {
        public Result {
            binary = List.copyOf(binary);
        }

        @Override
        public Summary summary() {
            return Summary.of()
                    .add("shape", Arrays.toString(selfAttentionShape).replace(" ", ""))
                    .add("plot", columnsPlot)
                    .add("heatmap", heatmap);
        }
    }

    public static Result run(Config c) {
        Nd4j.getRandom().setSeed(c.seed());

        // 10.6.1 self-attention: queries, keys and values are X
        int numHiddens = 100, numHeads = 5;
        MultiHeadAttention attention =
                new MultiHeadAttention(numHiddens, numHiddens, numHiddens, numHiddens, numHeads, 0.5);
        attention.eval();
        INDArray X = Nd4j.ones(DataType.FLOAT, 2, 4, numHiddens);
        long[] shape =
                attention.apply(X, X, X, Nd4j.createFromArray(3, 2)).output().shape();
        LOG.info("attention(X, X, X, valid_lens).shape = torch.Size({})", Arrays.toString(shape));

        // 10.6.3 the positional encoding of 60 steps, 32 dimensions, no dropout
        int encodingDim = 32, numSteps = 60;
        PositionalEncoding posEncoding = new PositionalEncoding(encodingDim, 0);
        posEncoding.eval();
        INDArray P = posEncoding.P().get(NDArrayIndex.point(0), NDArrayIndex.interval(0, numSteps), NDArrayIndex.all());
        Path columnsPlot = plotColumns(P, c.out().resolve("10.6-columns.png"));
        LOG.info("plot: {}", columnsPlot.toAbsolutePath());

        // 10.6.3.1 absolute positions: the bits of 0 to 7 alternate ever more slowly
        List<String> binary = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            binary.add(i + "的二进制是：" + PositionalEncoding.binary(i, 3));
        }
        binary.forEach(LOG::info);
        Path heatmap = Heatmaps.showHeatmaps(
                P.reshape(1, 1, numSteps, encodingDim),
                "Column (encoding dimension)",
                "Row (position)",
                null,
                new double[] {3.5, 4},
                Heatmaps.DEFAULT_CMAP, // the book's cmap='Blues'; the plot package has Reds only
                c.out().resolve("10.6-encoding.png"));
        LOG.info("heatmap: {}", heatmap.toAbsolutePath());
        return new Result(shape, P, binary, columnsPlot, heatmap);
    }

    /** The book's plot of columns 6 to 9 of the encoding against the row (position). */
    static Path plotColumns(INDArray P, Path png) {
        double[] rows = Nd4j.arange(P.size(0)).toDoubleVector();
        List<double[]> cols = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int j = 6; j < 10; j++) {
            cols.add(P.getColumn(j).toDoubleVector());
            names.add("Col " + j);
        }
        return Plot.plot(
                rows,
                cols,
                Axes.of().withLabels("Row (position)", "").withFigsize(6, 2.5).withLegend(names.toArray(String[]::new)),
                png);
    }
}
