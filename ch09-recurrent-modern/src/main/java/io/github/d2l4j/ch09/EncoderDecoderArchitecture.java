package io.github.d2l4j.ch09;

import io.github.d2l4j.common.section.BookSection;
import io.github.d2l4j.common.section.RunOptions;
import io.github.d2l4j.common.section.SectionResult;
import io.github.d2l4j.common.section.Summary;
import io.github.d2l4j.common.seq2seq.Decoder;
import io.github.d2l4j.common.seq2seq.Encoder;
import io.github.d2l4j.common.seq2seq.EncoderDecoder;
import io.github.d2l4j.common.seq2seq.Seq2SeqDecoder;
import io.github.d2l4j.common.seq2seq.Seq2SeqEncoder;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The encoder-decoder architecture: an encoder turns a variable-length input sequence into a
 * state of fixed shape, and a decoder maps that state, token by token, to a variable-length output
 * sequence. The book's page defines only the three interfaces, {@code Encoder} ({@code
 * forward(X, *args)}), {@code Decoder} ({@code init_state(enc_outputs, *args)} and {@code
 * forward(X, state)}) and {@code EncoderDecoder}, whose {@code forward(enc_X, dec_X, *args)}
 * chains them; they are {@link Encoder}, {@link Decoder} and {@link EncoderDecoder} in
 * d2l-common, as SameDiff blocks. (This class is named after the page's title so that it does not
 * clash with {@link EncoderDecoder}.)
 *
 * <p>The page has no code to run; this section puts 9.7's encoder and decoder into the interface
 * and shows the shapes one {@code forward} gives: a batch of 4 source sequences of 7 tokens and 4
 * target sequences of 7 tokens, vocabularies of 10, embeddings of 8, 16 hidden units in 2 layers.
 *
 * <p>D2L 9.6, Encoder-Decoder Architecture.
 */
@BookSection(
        id = "9.6",
        title = "Encoder-Decoder Architecture",
        page = "https://zh.d2l.ai/chapter_recurrent-modern/encoder-decoder.html")
public final class EncoderDecoderArchitecture {
    private static final Logger LOG = LoggerFactory.getLogger(EncoderDecoderArchitecture.class);

    public record Config(long seed) {
        public static Config from(RunOptions o) {
            return new Config(o.seed(42)); // fixes the initialisation, so that runs repeat
        }
    }

    /**
     * @param outputShape the decoder's output, (batch, steps, vocab)
     * @param stateShape the decoder's final state, (layers, batch, hidden)
     * @param description the model as PyTorch prints it
     */
    public record Result(long[] outputShape, long[] stateShape, String description) implements SectionResult {
        @Override
        public Summary summary() {
            return Summary.of().add("output_shape", shape(outputShape)).add("state_shape", shape(stateShape));
        }
    }

    public static Result run(Config c) {
        Nd4j.getRandom().setSeed(c.seed());
        EncoderDecoder net =
                new EncoderDecoder(new Seq2SeqEncoder(10, 8, 16, 2, 0), new Seq2SeqDecoder(10, 8, 16, 2, 0));
        net.eval();
        LOG.info("{}", net);
        SameDiff sd = SameDiff.create();
        SDVariable encX = sd.constant("enc_X", Nd4j.zeros(DataType.INT32, 4, 7));
        SDVariable decX = sd.constant("dec_X", Nd4j.zeros(DataType.INT32, 4, 7));
        SDVariable validLen = sd.constant("valid_len", Nd4j.valueArrayOf(new long[] {4}, 7, DataType.INT32));
        Decoder.Output o = net.forward(encX, decX, validLen);
        long[] outputShape = o.output().eval().shape();
        long[] stateShape = o.state().get(0).eval().shape();
        LOG.info("output.shape = {}, state.shape = {}", Arrays.toString(outputShape), Arrays.toString(stateShape));
        return new Result(outputShape, stateShape, net.toString());
    }

    /** A shape as one word, {@code 4x7x10}. */
    static String shape(long[] shape) {
        return Arrays.stream(shape).mapToObj(Long::toString).collect(Collectors.joining("x"));
    }
}
