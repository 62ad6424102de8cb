package io.github.d2l4j.ch10;

import io.github.d2l4j.common.attention.Seq2SeqAttentionDecoder;
import io.github.d2l4j.common.data.MachineTranslation;
import io.github.d2l4j.common.plot.Heatmaps;
import io.github.d2l4j.common.section.BookSection;
import io.github.d2l4j.common.section.RunOptions;
import io.github.d2l4j.common.section.SectionResult;
import io.github.d2l4j.common.section.Summary;
import io.github.d2l4j.common.seq2seq.Decoder;
import io.github.d2l4j.common.seq2seq.EncoderDecoder;
import io.github.d2l4j.common.seq2seq.Seq2SeqEncoder;
import io.github.d2l4j.common.seq2seq.TrainSeq2seq;
import io.github.d2l4j.common.seq2seq.Translation;
import io.github.d2l4j.common.train.Scratch;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bahdanau attention: 9.7's decoder reads the same context, the encoder's final state, at every
 * step; here the context is an attention pooling of the encoder's outputs at every source position,
 * with the decoder's previous hidden state as the query,
 *
 * <p>\( \mathbf c_{t'} = \sum_{t=1}^{T} \alpha(\mathbf s_{t'-1}, \mathbf h_t) \mathbf h_t \),
 *
 * <p>scored by additive attention and masked to the source's valid length, so that each target
 * token can attend to the source tokens it translates. The model ({@link Seq2SeqAttentionDecoder}
 * after 9.7's {@link Seq2SeqEncoder}) is trained as 9.7's, at 9.7's settings for 250 epochs,
 * translates the book's four sentences, and the attention weights of the last one are drawn as a
 * heatmap: which source token each generated token attended to.
 *
 * <p>Where DL4J differs from the book's PyTorch: the model is a SameDiff graph with the decoder's
 * step loop unrolled in it (the attention, one GRU step and the concatenation once per target
 * step); dropout, in the GRU between layers and on the attention weights, comes from random draws
 * fed in at each step (SameDiff's dropout ops cannot be differentiated in M2.1). As in the book, the
 * context goes into the GRU before the embedding, and the printed line has two spaces before
 * "bleu" (the book's {@code print} gets two arguments).
 *
 * <p>D2L 10.4, Bahdanau Attention.
 */
@BookSection(
        id = "10.4",
        title = "Bahdanau Attention",
        page = "https://zh.d2l.ai/chapter_attention-mechanisms/bahdanau-attention.html")
public final class BahdanauAttention {
    private static final Logger LOG = LoggerFactory.getLogger(BahdanauAttention.class);

    /**
     * @param rawText the text of fra.txt; null: the hub's fra-eng.zip, or the user's copy that
     *     {@code -Dd2l.fraEng} / {@code D2L_FRA_ENG} names
     * @param numExamples the pairs read from the text (the book's 600, which gives 601)
     */
    public record Config(
            String rawText,
            int numExamples,
            int embedSize,
            int numHiddens,
            int numLayers,
            double dropout,
            int batchSize,
            int numSteps,
            double lr,
            int numEpochs,
            long seed,
            Path out) {
        public Config {
            Scratch.requireTraining(batchSize, lr, numEpochs);
            Scratch.requirePositive(numExamples, "number of examples");
            Scratch.requirePositive(embedSize, "embedding size");
            Scratch.requirePositive(numHiddens, "number of hidden units");
            Scratch.requirePositive(numLayers, "number of layers");
            Scratch.requirePositive(numSteps, "number of steps");
            if (!(dropout >= 0 && dropout < 1)) {
                throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
            }
        }

        public static Config from(RunOptions o) {
            return new Config(
                    null, // the book's file, through the data hub or the user's copy
                    MachineTranslation.BOOK_NUM_EXAMPLES, // load_data_nmt's num_examples=600
                    32, // the book's embed_size, as in 9.7
                    32, // the book's num_hiddens
                    2, // the book's num_layers
                    0.1, // the book's dropout
                    o.batchSize(64), // the book's batch_size
                    10, // the book's num_steps
                    o.lr(0.005), // the book's lr
                    o.epochs(250), // the book's num_epochs: 250 here, 300 in 9.7
                    o.seed(42), // fixes initialisation, dropout and the loader's shuffling, so that runs repeat
                    o.out());
        }
    }

    /**
     * @param demoShapes the demo's {@code output.shape, len(state), state[0].shape, len(state[1]),
     *     state[1][0].shape}: (4, 7, 10), [3], (4, 7, 16), [2], (4, 16)
     * @param attentionWeights the last sentence's weights, one row per generated token (its {@code
     *     <eos>} included), the source's valid length of columns: (1, 1, tokens, keys), as drawn
     * @param heatmap the file of {@code attentionWeights}
     */
    public record Result(
            List<long[]> demoShapes,
            TrainSeq2seq.Result training,
            List<Translation> translations,
            INDArray attentionWeights,
            Path heatmap)
            implements SectionResult {
        public Result {
            demoShapes = List.copyOf(demoShapes);
            translations = List.copyOf(translations);
        }

        @Override
        public Summary summary() {
            Summary s = training.summary();
            for (int i = 0; i < translations.size(); i++) {
                s.add("bleu" + (i + 1), translations.get(i).bleu());
            }
            return s.add("heatmap", heatmap);
        }
    }

    public static Result run(Config c) {
        Nd4j.getRandom().setSeed(c.seed());

        // 10.4.2 the decoder on the book's demo: 4 sequences of 7 tokens, vocabulary 10,
        // embeddings 8, 16 hidden units, 2 layers, in evaluation mode
        List<long[]> demoShapes = demoShapes();
        LOG.info(
                "{}, {}, {}, {}, {}",
                shape(demoShapes.get(0)),
                demoShapes.get(1)[0],
                shape(demoShapes.get(2)),
                demoShapes.get(3)[0],
                shape(demoShapes.get(4)));

        // 10.4.3 training, at 9.7's settings
        MachineTranslation.NmtData data = c.rawText() == null
                ? MachineTranslation.loadDataNmt(c.batchSize(), c.numSteps(), c.numExamples(), c.seed())
                : MachineTranslation.loadDataNmt(c.rawText(), c.batchSize(), c.numSteps(), c.numExamples(), c.seed());
        EncoderDecoder net = new EncoderDecoder(
                new Seq2SeqEncoder(data.srcVocab().size(), c.embedSize(), c.numHiddens(), c.numLayers(), c.dropout()),
                new Seq2SeqAttentionDecoder(
                        data.tgtVocab().size(), c.embedSize(), c.numHiddens(), c.numLayers(), c.dropout()));
        TrainSeq2seq.Result training = TrainSeq2seq.trainSeq2seq(
                net,
                data.dataIter(),
                c.lr(),
                c.numEpochs(),
                data.tgtVocab(),
                c.out().resolve("10.4-train.png"));

        // translate the four sentences, keeping each step's attention weights
        BookTranslations.Translated t = BookTranslations.translate(net, data, c.numSteps());
        List<Translation> translations = t.translations();
        TrainSeq2seq.Prediction last = t.last();

        // the last sentence's weights, one row per generated token, cut to its tokens and <eos>
        INDArray attentionWeights = stepRows(last.attentionWeights(), c.numSteps())
                .get(
                        NDArrayIndex.all(),
                        NDArrayIndex.all(),
                        NDArrayIndex.all(),
                        NDArrayIndex.interval(
                                0,
                                Math.min(
                                        c.numSteps(),
                                        Translation.ENGS
                                                        .get(Translation.ENGS.size() - 1)
                                                        .split(" ")
                                                        .length
                                                + 1)))
                .dup();
        Path heatmap = Heatmaps.showHeatmaps(
                attentionWeights, "Key positions", "Query positions", c.out().resolve("10.4-attention.png"));
        LOG.info("heatmap: {}", heatmap.toAbsolutePath());
        return new Result(demoShapes, training, translations, attentionWeights, heatmap);
    }

    /** The book's demo: the decoder's output, state and hidden-state shapes, and the state's lengths. */
    static List<long[]> demoShapes() {
        Seq2SeqEncoder encoder = new Seq2SeqEncoder(10, 8, 16, 2, 0);
        encoder.eval();
        Seq2SeqAttentionDecoder decoder = new Seq2SeqAttentionDecoder(10, 8, 16, 2, 0);
        decoder.eval();
        SameDiff sd = SameDiff.create();
        SDVariable X = sd.constant("X", Nd4j.zeros(DataType.INT32, 4, 7));
        // the book's decoder.init_state(encoder(X), None)
        List<SDVariable> state = decoder.initState(encoder.forward(X, null), null);
        Decoder.Output o = decoder.forward(X, state);
        INDArray hiddenState = o.state().get(1).eval();
        return List.of(
                o.output().eval().shape(),
                new long[] {o.state().size()},
                o.state().get(0).eval().shape(),
                new long[] {hiddenState.size(0)},
                hiddenState.get(NDArrayIndex.point(0)).shape());
    }

    /**
     * The book's {@code torch.cat([step[0][0][0] for step in dec_attention_weight_seq],
     * 0).reshape((1, 1, -1, num_steps))}: each step's (1, 1, keys) weights as a row.
     */
    static INDArray stepRows(List<INDArray> steps, int numSteps) {
        INDArray[] rows = steps.stream().map(w -> w.reshape(1, numSteps)).toArray(INDArray[]::new);
        return Nd4j.concat(0, rows).reshape(1, 1, rows.length, numSteps);
    }

    /** A shape as the book prints it, {@code torch.Size([4, 7, 10])}. */
    static String shape(long[] shape) {
        return "torch.Size(" + Arrays.toString(shape) + ")";
    }
}
