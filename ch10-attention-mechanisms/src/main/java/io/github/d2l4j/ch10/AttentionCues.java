package io.github.d2l4j.ch10;

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
 * Attention cues: what a system attends to is decided by nonvolitional cues (the saliency of the
 * keys themselves, a red cup among newspapers) and volitional ones (a query, the wish to read a
 * book). Attention mechanisms differ from fully connected and pooling layers in taking the
 * volitional cue, the query, into account: attention pooling weighs the values by how well each
 * key matches the query.
 *
 * <p>The page's one piece of code is {@code show_heatmaps} ({@link Heatmaps#showHeatmaps}), which
 * the rest of the chapter uses to draw attention weights, and its demo: the weights of a query
 * that attends only to the key of the same index, the 10 x 10 identity matrix, as one heatmap with
 * keys across and queries down ({@code 10.1-eye.png}).
 *
 * <p>D2L 10.1, Attention Cues.
 */
@BookSection(
        id = "10.1",
        title = "Attention Cues",
        page = "https://zh.d2l.ai/chapter_attention-mechanisms/attention-cues.html")
public final class AttentionCues {
    private static final Logger LOG = LoggerFactory.getLogger(AttentionCues.class);

    /** @param out the directory the heatmap is written into */
    public record Config(Path out) {
        public static Config from(RunOptions o) {
            return new Config(o.out());
        }
    }

    /** @param heatmap the identity matrix's heatmap */
    public record Result(Path heatmap) implements SectionResult {
        @Override
        public Summary summary() {
            return Summary.of().add("heatmap", heatmap);
        }
    }

    public static Result run(Config c) {
        // attention_weights = torch.eye(10).reshape((1, 1, 10, 10)): one row, one column of heatmaps
        INDArray attentionWeights = Nd4j.eye(10).castTo(DataType.FLOAT).reshape(1, 1, 10, 10);
        Path heatmap = Heatmaps.showHeatmaps(
                attentionWeights, "Keys", "Queries", c.out().resolve("10.1-eye.png"));
        LOG.info("heatmap: {}", heatmap.toAbsolutePath());
        return new Result(heatmap);
    }
}
