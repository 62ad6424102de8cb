package io.github.d2l4j.ch10;

import io.github.d2l4j.common.attention.AddNorm;
import io.github.d2l4j.common.attention.DecoderBlock;
import io.github.d2l4j.common.attention.EncoderBlock;
import io.github.d2l4j.common.attention.LayerNorm;
import io.github.d2l4j.common.attention.PositionWiseFFN;
import io.github.d2l4j.common.attention.TransformerDecoder;
import io.github.d2l4j.common.attention.TransformerEncoder;
import io.github.d2l4j.common.data.MachineTranslation;
import io.github.d2l4j.common.plot.Heatmaps;
import io.github.d2l4j.common.section.BookSection;
import io.github.d2l4j.common.section.RunOptions;
import io.github.d2l4j.common.section.SectionResult;
import io.github.d2l4j.common.section.Summary;
import io.github.d2l4j.common.seq2seq.EncoderDecoder;
import io.github.d2l4j.common.seq2seq.TrainSeq2seq;
import io.github.d2l4j.common.seq2seq.Translation;
import io.github.d2l4j.common.train.Scratch;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Transformer: an encoder-decoder built on attention alone. The encoder stacks blocks of
 * multi-head self-attention and a position-wise feed-forward network, each sublayer wrapped in a
 * residual connection and layer normalisation; the decoder's blocks add an encoder-decoder
 * attention between the two, and their self-attention is masked so that a position sees no later
 * one. The embeddings, scaled by \( \sqrt d \), get the sinusoidal positional encoding.
 *
 * <p>The page's demos come first: the FFN gives identical outputs at positions with identical
 * inputs; layer norm normalises each example (rows [-1, 1]) where batch norm normalises each
 * feature over the batch (columns); the add-norm, encoder block, encoder and decoder block keep
 * their input's shape, and the book's encoder block has 14,280 parameters. Then 9.7's English to
 * French data and {@code train_seq2seq} train a Transformer of 2 layers, 32 hidden units and 4
 * heads for 200 epochs, and {@code predict_seq2seq} translates the book's four sentences, scored
 * with BLEU. The encoder's self-attention weights for the last sentence are (layers, heads,
 * queries, keys) = (2, 4, 10, 10), and the decoder's self- and encoder-decoder attention weights
 * (layers, heads, decoding steps, 10), each drawn as heatmaps.
 *
 * <p>Where this port differs from the book's PyTorch: the model is a SameDiff graph of d2l-common's
 * blocks ({@link TransformerEncoder}, {@link TransformerDecoder}), dropout a fed random mask
 * (SameDiff's dropout ops cannot be differentiated in M2.1), layer norm written from elementary ops
 * ({@link LayerNorm}). The book's quirk is kept: prediction feeds the decoder one token per call,
 * so every generated token gets position 0 of the positional encoding ({@link TransformerDecoder}).
 *
 * <p>D2L 10.7, Transformer.
 */
@BookSection(
        id = "10.7",
        title = "Transformer",
        page = "https://zh.d2l.ai/chapter_attention-mechanisms/transformer.html")
public final class Transformer {
    private static final Logger LOG = LoggerFactory.getLogger(Transformer.class);

    /**
     * @param rawText the text of fra.txt; null: the hub's fra-eng.zip, or the user's copy that
     *     {@code -Dd2l.fraEng} / {@code D2L_FRA_ENG} names
     * @param numExamples the pairs read from the text (the book's 600, which gives 601)
     * @param normShape the layer norms' normalized shape, the book's [num_hiddens]
     */
    public record Config(
            String rawText,
            int numExamples,
            int numHiddens,
            int numLayers,
            double dropout,
            int batchSize,
            int numSteps,
            double lr,
            int numEpochs,
            int ffnNumInput,
            int ffnNumHiddens,
            int numHeads,
            int keySize,
            int querySize,
            int valueSize,
            long[] normShape,
            long seed,
            Path out) {
        public Config {
            Scratch.requireTraining(batchSize, lr, numEpochs);
            Scratch.requirePositive(numExamples, "number of examples");
            Scratch.requirePositive(numHiddens, "number of hidden units");
            Scratch.requirePositive(numLayers, "number of layers");
            Scratch.requirePositive(numSteps, "number of steps");
            Scratch.requirePositive(ffnNumInput, "FFN input size");
            Scratch.requirePositive(ffnNumHiddens, "FFN hidden size");
            Scratch.requirePositive(numHeads, "number of heads");
            Scratch.requirePositive(keySize, "key size");
            Scratch.requirePositive(querySize, "query size");
            Scratch.requirePositive(valueSize, "value size");
            if (!(dropout >= 0 && dropout < 1)) {
                throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
            }
            if (numHiddens % 2 != 0 || numHiddens % numHeads != 0) {
                throw new IllegalArgumentException("num_hiddens must be even (the positional encoding) and a multiple"
                        + " of num_heads (the heads split it), got num_hiddens " + numHiddens + " and num_heads "
                        + numHeads);
            }
            if (ffnNumInput != numHiddens) {
                throw new IllegalArgumentException("the FFN reads the blocks' hidden states: ffn_num_input must be"
                        + " num_hiddens " + numHiddens + ", got " + ffnNumInput);
            }
            if (normShape == null || normShape.length != 1 || normShape[0] != numHiddens) {
                throw new IllegalArgumentException(
                        "norm_shape must be [num_hiddens] = [" + numHiddens + "], got " + Arrays.toString(normShape));
            }
            normShape = normShape.clone();
        }

        public static Config from(RunOptions o) {
            return new Config(
                    null, // the book's file, through the data hub or the user's copy
                    MachineTranslation.BOOK_NUM_EXAMPLES, // load_data_nmt's num_examples=600
                    32, // the book's num_hiddens
                    2, // the book's num_layers
                    0.1, // the book's dropout
                    o.batchSize(64), // the book's batch_size
                    10, // the book's num_steps
                    o.lr(0.005), // the book's lr
                    o.epochs(200), // the book's num_epochs
                    32, // the book's ffn_num_input
                    64, // the book's ffn_num_hiddens
                    4, // the book's num_heads
                    32, // the book's key_size
                    32, // the book's query_size
                    32, // the book's value_size
                    new long[] {32}, // the book's norm_shape
                    o.seed(42), // fixes initialisation, dropout and the loader's shuffling, so that runs repeat
                    o.out());
        }

        @Override
        public long[] normShape() {
            return normShape.clone();
        }
    }

    /**
     * The page's demos, each as the book prints it.
     *
     * @param ffnRows {@code ffn(torch.ones((2, 3, 4)))[0]}: (3, 8), three identical rows
     * @param layerNorm {@code ln(X)} for X = [[1, 2], [2, 3]]: [[-1, 1], [-1, 1]]
     * @param batchNorm {@code bn(X)} in training mode: [[-1, -1], [1, 1]]
     * @param addNormShape (2, 3, 4)
     * @param encoderBlockShape (2, 100, 24)
     * @param encoderBlockParameters 14,280
     * @param encoderShape (2, 100, 24)
     * @param decoderBlockShape (2, 100, 24)
     */
    public record Demos(
            INDArray ffnRows,
            INDArray layerNorm,
            INDArray batchNorm,
            long[] addNormShape,
            long[] encoderBlockShape,
            long encoderBlockParameters,
            long[] encoderShape,
            long[] decoderBlockShape) {}

    /**
     * @param encAttentionWeights the encoder's self-attention weights for the last sentence, (layers,
     *     heads, queries, keys)
     * @param decSelfAttentionWeights the decoder's self-attention weights for it, (layers, heads,
     *     decoding steps, numSteps), zero where a step had fewer keys (the book's {@code fillna(0.0)})
     * @param decInterAttentionWeights the decoder's encoder-decoder attention weights, (layers, heads,
     *     decoding steps, numSteps)
     */
    public record Result(
            Demos demos,
            TrainSeq2seq.Result training,
            List<Translation> translations,
            INDArray encAttentionWeights,
            INDArray decSelfAttentionWeights,
            INDArray decInterAttentionWeights,
            Path encHeatmap,
            Path decSelfHeatmap,
            Path decInterHeatmap)
            implements SectionResult {
        public Result {
            translations = List.copyOf(translations);
        }

        @Override
        public Summary summary() {
            Summary s = training.summary();
            for (int i = 0; i < translations.size(); i++) {
                s.add("bleu" + (i + 1), translations.get(i).bleu());
            }
            return s.add("enc_heatmap", encHeatmap)
                    .add("dec_self_heatmap", decSelfHeatmap)
                    .add("dec_inter_heatmap", decInterHeatmap);
        }
    }

    public static Result run(Config c) {
        Nd4j.getRandom().setSeed(c.seed());
        Demos demos = demos();

        // 10.7.6 training: 9.7's data and train_seq2seq
        MachineTranslation.NmtData data = c.rawText() == null
                ? MachineTranslation.loadDataNmt(c.batchSize(), c.numSteps(), c.numExamples(), c.seed())
                : MachineTranslation.loadDataNmt(c.rawText(), c.batchSize(), c.numSteps(), c.numExamples(), c.seed());
        TransformerEncoder encoder = new TransformerEncoder(
                data.srcVocab().size(),
                c.keySize(),
                c.querySize(),
                c.valueSize(),
                c.numHiddens(),
                c.normShape(),
                c.ffnNumInput(),
                c.ffnNumHiddens(),
                c.numHeads(),
                c.numLayers(),
                c.dropout());
        TransformerDecoder decoder = new TransformerDecoder(
                data.tgtVocab().size(),
                c.keySize(),
                c.querySize(),
                c.valueSize(),
                c.numHiddens(),
                c.normShape(),
                c.ffnNumInput(),
                c.ffnNumHiddens(),
                c.numHeads(),
                c.numLayers(),
                c.dropout());
        EncoderDecoder net = new EncoderDecoder(encoder, decoder);
        TrainSeq2seq.Result training = TrainSeq2seq.trainSeq2seq(
                net,
                data.dataIter(),
                c.lr(),
                c.numEpochs(),
                data.tgtVocab(),
                c.out().resolve("10.7-train.png"));

        // translate the four sentences, keeping the attention weights
        BookTranslations.Translated t = BookTranslations.translate(net, data, c.numSteps());
        List<Translation> translations = t.translations();
        TrainSeq2seq.Prediction last = t.last();

        // the encoder's self-attention for the last sentence: (layers, heads, queries, keys)
        TrainSeq2seq.Source src =
                TrainSeq2seq.source(Translation.ENGS.get(Translation.ENGS.size() - 1), data.srcVocab(), c.numSteps());
        List<INDArray> perBlock = encoder.apply(src.encX(), src.encValidLen()).attentionWeights();
        INDArray encAttentionWeights = Nd4j.concat(0, perBlock.toArray(INDArray[]::new))
                .reshape(c.numLayers(), c.numHeads(), -1, c.numSteps());
        LOG.info("enc_attention_weights.shape = {}", shape(encAttentionWeights.shape()));
        List<String> titles = IntStream.rangeClosed(1, c.numHeads())
                .mapToObj(i -> "Head " + i)
                .toList();
        double[] figsize = {7.0 / c.numHeads(), 3.5 / c.numLayers()}; // the book's (7, 3.5) for the whole grid
        Path encHeatmap = Heatmaps.showHeatmaps(
                encAttentionWeights,
                "Key positions",
                "Query positions",
                titles,
                figsize,
                Heatmaps.DEFAULT_CMAP,
                c.out().resolve("10.7-encoder-self-attention.png"));

        // the decoder's attention for it, step by step: (layers, heads, steps, numSteps) twice
        INDArray[] dec = decoderAttentionWeights(last.attentionWeights(), c.numLayers(), c.numHeads(), c.numSteps());
        LOG.info(
                "dec_self_attention_weights.shape = {}, dec_inter_attention_weights.shape = {}",
                shape(dec[0].shape()),
                shape(dec[1].shape()));
        String translation = last.translation();
        int tokens = translation.isBlank() ? 0 : translation.trim().split(" ").length;
        // the book plots the self-attention's first len(translation.split()) + 1 key positions
        long keys = Math.min(tokens + 1, dec[0].size(3));
        Path decSelfHeatmap = Heatmaps.showHeatmaps(
                dec[0].get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(0, keys))
                        .dup(),
                "Key positions",
                "Query positions",
                titles,
                figsize,
                Heatmaps.DEFAULT_CMAP,
                c.out().resolve("10.7-decoder-self-attention.png"));
        Path decInterHeatmap = Heatmaps.showHeatmaps(
                dec[1],
                "Key positions",
                "Query positions",
                titles,
                figsize,
                Heatmaps.DEFAULT_CMAP,
                c.out().resolve("10.7-decoder-inter-attention.png"));
        LOG.info("heatmaps: {}, {}, {}", encHeatmap, decSelfHeatmap, decInterHeatmap);
        return new Result(
                demos,
                training,
                translations,
                encAttentionWeights,
                dec[0],
                dec[1],
                encHeatmap,
                decSelfHeatmap,
                decInterHeatmap);
    }

    /** The page's demos, 10.7.2 to 10.7.5, in book order. */
    static Demos demos() {
        // 10.7.2 the position-wise FFN: identical inputs at every position, identical outputs
        PositionWiseFFN ffn = new PositionWiseFFN(4, 4, 8);
        INDArray ffnRows = ffn.apply(Nd4j.ones(DataType.FLOAT, 2, 3, 4))
                .get(NDArrayIndex.point(0), NDArrayIndex.all(), NDArrayIndex.all())
                .dup();
        LOG.info("ffn(torch.ones((2, 3, 4)))[0] =\n{}", ffnRows);

        // 10.7.3 residual connection and layer normalisation: layer norm against batch norm
        INDArray X = Nd4j.createFromArray(new float[][] {{1, 2}, {2, 3}});
        INDArray layerNorm = new LayerNorm(2).apply(X);
        INDArray batchNorm = batchNorm1dTraining(X);
        LOG.info("layer norm: {}\nbatch norm: {}", layerNorm, batchNorm);
        long[] addNormShape = new AddNorm(new long[] {3, 4}, 0.5)
                .eval()
                .apply(Nd4j.ones(DataType.FLOAT, 2, 3, 4), Nd4j.ones(DataType.FLOAT, 2, 3, 4))
                .shape();
        LOG.info("add_norm(torch.ones((2, 3, 4)), torch.ones((2, 3, 4))).shape = {}", shape(addNormShape));

        // 10.7.4 the encoder
        INDArray ones = Nd4j.ones(DataType.FLOAT, 2, 100, 24);
        INDArray validLens = Nd4j.createFromArray(3, 2);
        EncoderBlock encoderBlk = new EncoderBlock(24, 24, 24, 24, new long[] {100, 24}, 24, 48, 8, 0.5).eval();
        long[] encoderBlockShape = encoderBlk.apply(ones, validLens).shape();
        long encoderBlockParameters = encoderBlk.namedParameters().values().stream()
                .mapToLong(INDArray::length)
                .sum();
        LOG.info(
                "encoder_blk(X, valid_lens).shape = {}, {} parameters",
                shape(encoderBlockShape),
                encoderBlockParameters);
        TransformerEncoder encoder =
                new TransformerEncoder(200, 24, 24, 24, 24, new long[] {100, 24}, 24, 48, 8, 2, 0.5);
        encoder.eval();
        long[] encoderShape = encoder.apply(Nd4j.ones(DataType.INT32, 2, 100), validLens)
                .output()
                .shape();
        LOG.info("encoder(torch.ones((2, 100), dtype=torch.long), valid_lens).shape = {}", shape(encoderShape));

        // 10.7.5 the decoder: block 0, its state [encoder_blk(X, valid_lens), valid_lens, [None]]
        DecoderBlock decoderBlk = new DecoderBlock(24, 24, 24, 24, new long[] {100, 24}, 24, 48, 8, 0.5, 0).eval();
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.constant("X", ones);
        SDVariable lens = sd.constant("valid_lens", validLens);
        List<SDVariable> state = List.of(encoderBlk.forward(x, lens, 100), lens, DecoderBlock.none(sd));
        long[] decoderBlockShape =
                decoderBlk.forward(x, state, 100, 100).output().eval().shape();
        LOG.info("decoder_blk(X, state)[0].shape = {}", shape(decoderBlockShape));
        return new Demos(
                ffnRows,
                layerNorm,
                batchNorm,
                addNormShape,
                encoderBlockShape,
                encoderBlockParameters,
                encoderShape,
                decoderBlockShape);
    }

    /**
     * The book's {@code nn.BatchNorm1d(2)} in training mode on a batch X (examples, features): each
     * feature normalised by its batch mean and biased variance, eps 1e-5, γ 1 and β 0 as they start.
     */
    static INDArray batchNorm1dTraining(INDArray X) {
        INDArray centred = X.subRowVector(X.mean(0));
        INDArray variance = centred.mul(centred).mean(0);
        return centred.diviRowVector(Transforms.sqrt(variance.add(LayerNorm.EPS)));
    }

    /**
     * The book's {@code dec_attention_weights}: each decoding step's weights of batch element 0,
     * head by head, every row padded with 0 to numSteps keys (its {@code fillna(0.0)}), as
     * [self-attention, encoder-decoder attention], each (layers, heads, steps, numSteps).
     */
    static INDArray[] decoderAttentionWeights(List<INDArray> perStep, int numLayers, int numHeads, int numSteps) {
        int steps = perStep.size();
        INDArray self = Nd4j.zeros(DataType.FLOAT, numLayers, numHeads, steps, numSteps);
        INDArray inter = Nd4j.zeros(DataType.FLOAT, numLayers, numHeads, steps, numSteps);
        for (int t = 0; t < steps; t++) {
            TransformerDecoder.AttentionWeights w =
                    TransformerDecoder.splitAttentionWeights(perStep.get(t), numLayers, numSteps);
            for (int l = 0; l < numLayers; l++) {
                // (heads, 1, keys) of batch element 0: the rows of heads 0 .. numHeads - 1
                put(self, l, t, w.self().get(l), numHeads);
                put(inter, l, t, w.cross().get(l), numHeads);
            }
        }
        return new INDArray[] {self, inter};
    }

    private static void put(INDArray target, int layer, int step, INDArray weights, int numHeads) {
        long keys = Math.min(weights.size(2), target.size(3));
        INDArray rows =
                weights.get(NDArrayIndex.interval(0, numHeads), NDArrayIndex.point(0), NDArrayIndex.interval(0, keys));
        target.get(
                        NDArrayIndex.point(layer),
                        NDArrayIndex.all(),
                        NDArrayIndex.point(step),
                        NDArrayIndex.interval(0, keys))
                .assign(rows);
    }

    /** A shape as the book prints it, {@code torch.Size([2, 100, 24])}. */
    static String shape(long[] shape) {
        return "torch.Size(" + Arrays.toString(shape) + ")";
    }
}
