package io.github.d2l4j.ch09;

import io.github.d2l4j.common.data.MachineTranslation;
import io.github.d2l4j.common.section.BookSection;
import io.github.d2l4j.common.section.RunOptions;
import io.github.d2l4j.common.section.SectionResult;
import io.github.d2l4j.common.section.Summary;
import io.github.d2l4j.common.seq2seq.Decoder;
import io.github.d2l4j.common.seq2seq.EncoderDecoder;
import io.github.d2l4j.common.seq2seq.MaskedSoftmaxCELoss;
import io.github.d2l4j.common.seq2seq.Seq2SeqDecoder;
import io.github.d2l4j.common.seq2seq.Seq2SeqEncoder;
import io.github.d2l4j.common.seq2seq.SequenceMask;
import io.github.d2l4j.common.seq2seq.TrainSeq2seq;
import io.github.d2l4j.common.seq2seq.Translation;
import io.github.d2l4j.common.train.Scratch;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sequence to sequence learning: an RNN encoder reads the English sentence into a state, and an
 * RNN decoder, starting from that state and reading the state's top layer as a context at every
 * step, writes the French translation token by token. Trained with teacher forcing (the decoder
 * reads {@code <bos>} and the true target) on a loss that masks the padding; translated greedily,
 * each predicted token fed back in; scored with BLEU.
 *
 * <p>Where DL4J differs from the book's PyTorch: the model is a SameDiff graph ({@link
 * EncoderDecoder}), since the decoder's first state is the encoder's last and the gradient has to
 * flow back through it, which DL4J's recurrent layers cannot do; the GRU is {@code nn.GRU}'s
 * formula written from elementary ops, and its dropout between layers comes from random draws fed
 * in at each step (SameDiff's dropout ops cannot be differentiated in M2.1). The book's quirk is
 * kept: one token at a time, the decoder's "context" is its own previous top-layer state ({@link
 * Seq2SeqDecoder}).
 *
 * <p>D2L 9.7, Sequence to Sequence Learning.
 */
@BookSection(
        id = "9.7",
        title = "Sequence to Sequence Learning",
        page = "https://zh.d2l.ai/chapter_recurrent-modern/seq2seq.html")
public final class Seq2seq {
    private static final Logger LOG = LoggerFactory.getLogger(Seq2seq.class);

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
                    32, // the book's embed_size
                    32, // the book's num_hiddens
                    2, // the book's num_layers
                    0.1, // the book's dropout
                    o.batchSize(64), // the book's batch_size
                    10, // the book's num_steps
                    o.lr(0.005), // the book's lr
                    o.epochs(300), // the book's num_epochs
                    o.seed(42), // fixes initialisation, dropout and the loader's shuffling, so that runs repeat
                    o.out());
        }
    }

    /**
     * @param encoderShapes the encoder demo's output and state shapes, the book's (7, 4, 16) and (2, 4, 16)
     * @param decoderShapes the decoder demo's output and state shapes, (4, 7, 10) and (2, 4, 16)
     * @param masked {@code sequence_mask(X, torch.tensor([1, 2]))} for X = [[1, 2, 3], [4, 5, 6]]
     * @param maskedValue {@code sequence_mask(torch.ones(2, 3, 4), torch.tensor([1, 2]), value=-1)}
     * @param lossCheck the loss of the book's check, [2.3026, 1.1513, 0.0000]
     */
    public record Result(
            List<long[]> encoderShapes,
            List<long[]> decoderShapes,
            INDArray masked,
            INDArray maskedValue,
            double[] lossCheck,
            TrainSeq2seq.Result training,
            List<Translation> translations)
            implements SectionResult {
        public Result {
            encoderShapes = List.copyOf(encoderShapes);
            decoderShapes = List.copyOf(decoderShapes);
            translations = List.copyOf(translations);
        }

        @Override
        public Summary summary() {
            Summary s = training.summary();
            for (int i = 0; i < translations.size(); i++) {
                s.add("bleu" + (i + 1), translations.get(i).bleu());
            }
            return s;
        }
    }

    public static Result run(Config c) {
        Nd4j.getRandom().setSeed(c.seed());

        // 9.7.1 the encoder: 4 sequences of 7 tokens, vocabulary 10, embeddings 8, 16 hidden units, 2 layers
        Seq2SeqEncoder encoder = new Seq2SeqEncoder(10, 8, 16, 2, 0);
        encoder.eval();
        SameDiff sd = SameDiff.create();
        SDVariable X = sd.constant("X", Nd4j.zeros(DataType.INT32, 4, 7));
        List<SDVariable> encOutputs = encoder.forward(X, null);
        List<long[]> encoderShapes = List.of(
                encOutputs.get(0).eval().shape(), encOutputs.get(1).eval().shape());
        LOG.info("output.shape = {}, state.shape = {}", shape(encoderShapes.get(0)), shape(encoderShapes.get(1)));

        // 9.7.2 the decoder, starting from the encoder's final state
        Seq2SeqDecoder decoder = new Seq2SeqDecoder(10, 8, 16, 2, 0);
        decoder.eval();
        Decoder.Output decOut = decoder.forward(X, decoder.initState(encOutputs, null));
        List<long[]> decoderShapes = List.of(
                decOut.output().eval().shape(), decOut.state().get(0).eval().shape());
        LOG.info("output.shape = {}, state.shape = {}", shape(decoderShapes.get(0)), shape(decoderShapes.get(1)));

        // 9.7.3 the loss: mask the padding
        INDArray masked = SequenceMask.sequenceMask(
                Nd4j.createFromArray(new int[][] {{1, 2, 3}, {4, 5, 6}}), Nd4j.createFromArray(1, 2));
        LOG.info("sequence_mask(X, [1, 2]) =\n{}", masked);
        INDArray maskedValue =
                SequenceMask.sequenceMask(Nd4j.ones(DataType.FLOAT, 2, 3, 4), Nd4j.createFromArray(1, 2), -1);
        LOG.info("sequence_mask(ones(2, 3, 4), [1, 2], value=-1) =\n{}", maskedValue);
        double[] lossCheck = new MaskedSoftmaxCELoss(10)
                .apply(
                        Nd4j.ones(DataType.FLOAT, 3, 4, 10),
                        Nd4j.ones(DataType.INT32, 3, 4),
                        Nd4j.createFromArray(4, 2, 0))
                .toDoubleVector();
        LOG.info("loss(ones(3, 4, 10), ones(3, 4), [4, 2, 0]) = {}", Arrays.toString(lossCheck));

        // 9.7.4 training on the first 600 pairs of fra.txt
        Trained t = train(c);
        EncoderDecoder net = t.net();
        MachineTranslation.NmtData data = t.data();
        TrainSeq2seq.Result training = t.training();

        // 9.7.5 prediction, and 9.7.6 its evaluation with BLEU
        List<Translation> translations = new ArrayList<>();
        for (int i = 0; i < Translation.ENGS.size(); i++) {
            String translation = TrainSeq2seq.predictSeq2seq(
                            net, Translation.ENGS.get(i), data.srcVocab(), data.tgtVocab(), c.numSteps(), false)
                    .translation();
            double bleu = TrainSeq2seq.bleu(translation, Translation.FRAS.get(i), 2);
            LOG.info(String.format(Locale.ROOT, "%s => %s, bleu %.3f", Translation.ENGS.get(i), translation, bleu));
            translations.add(new Translation(Translation.ENGS.get(i), translation, Translation.FRAS.get(i), bleu));
        }
        return new Result(encoderShapes, decoderShapes, masked, maskedValue, lossCheck, training, translations);
    }

    /** A model trained on the translation data, with its data (for its vocabularies). */
    public record Trained(EncoderDecoder net, MachineTranslation.NmtData data, TrainSeq2seq.Result training) {}

    /** 9.7.4: the book's model on the first 600 pairs of fra.txt, trained by {@code train_seq2seq}; 9.8 reuses it. */
    public static Trained train(Config c) {
        MachineTranslation.NmtData data = c.rawText() == null
                ? MachineTranslation.loadDataNmt(c.batchSize(), c.numSteps(), c.numExamples(), c.seed())
                : MachineTranslation.loadDataNmt(c.rawText(), c.batchSize(), c.numSteps(), c.numExamples(), c.seed());
        EncoderDecoder net = new EncoderDecoder(
                new Seq2SeqEncoder(data.srcVocab().size(), c.embedSize(), c.numHiddens(), c.numLayers(), c.dropout()),
                new Seq2SeqDecoder(data.tgtVocab().size(), c.embedSize(), c.numHiddens(), c.numLayers(), c.dropout()));
        TrainSeq2seq.Result training = TrainSeq2seq.trainSeq2seq(
                net,
                data.dataIter(),
                c.lr(),
                c.numEpochs(),
                data.tgtVocab(),
                c.out().resolve("9.7-train.png"));
        return new Trained(net, data, training);
    }

    /** A shape as the book prints it, {@code torch.Size([7, 4, 16])}. */
    static String shape(long[] shape) {
        return "torch.Size(" + Arrays.toString(shape) + ")";
    }
}
