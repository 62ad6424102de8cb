package io.github.d2l4j.common.seq2seq;

import io.github.d2l4j.common.block.Block;
import io.github.d2l4j.common.device.GcPacer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The base class of the encoder-decoder architecture: the encoder reads the source, the decoder's
 * state starts from the encoder's outputs, and the decoder maps the target input and that state to
 * its outputs. {@link #forward(SDVariable, SDVariable, SDVariable)} adds the whole model to a
 * SameDiff graph, for training; {@link #encode} and {@link #decode} run the two halves on arrays,
 * one graph each, built on first use and kept, for prediction token by token.
 *
 * <p>Defined in D2L §9.6.
 */
public class EncoderDecoder extends Block {
    private final Encoder encoder;
    private final Decoder decoder;
    private final Map<String, Graph> graphs = new HashMap<>();
    private final GcPacer gc = new GcPacer(); // SameDiff's per-call arrays are freed only by GC

    public EncoderDecoder(Encoder encoder, Decoder decoder) {
        this.encoder = addChild("encoder", encoder);
        this.decoder = addChild("decoder", decoder);
    }

    public Encoder encoder() {
        return encoder;
    }

    public Decoder decoder() {
        return decoder;
    }

    /**
     * The book's {@code forward(enc_X, dec_X, *args)}: encodes {@code encX}, starts the decoder's
     * state from the encoder's outputs and decodes {@code decX}; the extra argument is the
     * source's valid lengths.
     */
    public Decoder.Output forward(SDVariable encX, SDVariable decX, SDVariable encValidLens) {
        List<SDVariable> encOutputs = encoder.forward(encX, encValidLens);
        List<SDVariable> decState = decoder.initState(encOutputs, encValidLens, Encoder.numSteps(encX));
        return decoder.forward(decX, decState);
    }

    /** An encoder-decoder has two inputs: use {@link #forward(SDVariable, SDVariable, SDVariable)}. */
    @Override
    public SDVariable forward(SDVariable X) {
        throw new UnsupportedOperationException(
                "an encoder-decoder needs a source and a target: call forward(encX, decX," + " encValidLens)");
    }

    /** PyTorch's {@code train(mode)} for the encoder and the decoder. */
    public void train(boolean mode) {
        encoder.train(mode);
        decoder.train(mode);
    }

    /** PyTorch's {@code eval()}: {@code train(false)}. */
    public void eval() {
        train(false);
    }

    public boolean isTraining() {
        return encoder.isTraining();
    }

    /**
     * The book's {@code net.decoder.init_state(net.encoder(enc_X, enc_valid_len), enc_valid_len)}
     * on arrays: {@code encX} (batch, steps) token indices, {@code encValidLen} (batch).
     */
    public List<INDArray> encode(INDArray encX, INDArray encValidLen) {
        long numSteps = encX.size(1);
        Graph g = graphs.computeIfAbsent("encode " + isTraining() + " " + numSteps, k -> {
            SameDiff sd = SameDiff.create();
            SDVariable X = sd.placeHolder("X", DataType.INT32, -1, numSteps);
            SDVariable validLen = sd.placeHolder("validLen", DataType.INT32, -1);
            List<SDVariable> state =
                    decoder.initState(encoder.forward(X, validLen), validLen, Math.toIntExact(numSteps));
            return new Graph(sd, names(state, "state"), null);
        });
        Map<String, INDArray> feed = new HashMap<>();
        feed.put("X", encX.castTo(DataType.INT32));
        feed.put("validLen", encValidLen.castTo(DataType.INT32));
        Map<String, INDArray> out = g.sd.output(feed, g.outputs.toArray(String[]::new));
        gc.afterStep();
        return g.outputs.stream().map(out::get).toList();
    }

    /** What {@link #decode} returns: the outputs, the new state, and attention weights or null. */
    public record Step(INDArray output, List<INDArray> state, INDArray attentionWeights) {}

    /**
     * The book's {@code net.decoder(dec_X, dec_state)} on arrays: {@code decX} (batch, steps) token
     * indices and the state that {@link #encode} or the previous call returned.
     */
    public Step decode(INDArray decX, List<INDArray> state) {
        long numSteps = decX.size(1);
        StringBuilder key = new StringBuilder("decode " + isTraining() + " " + numSteps);
        state.forEach(s -> key.append(' ').append(s.dataType()).append(s.rank()));
        Graph g = graphs.computeIfAbsent(key.toString(), k -> {
            SameDiff sd = SameDiff.create();
            SDVariable X = sd.placeHolder("X", DataType.INT32, -1, numSteps);
            List<SDVariable> stateIn = new ArrayList<>();
            for (int i = 0; i < state.size(); i++) {
                long[] anyShape = new long[state.get(i).rank()];
                java.util.Arrays.fill(anyShape, -1);
                stateIn.add(sd.placeHolder("stateIn" + i, state.get(i).dataType(), anyShape));
            }
            Decoder.Output o = decoder.forward(X, stateIn);
            List<String> outputs =
                    new ArrayList<>(List.of(o.output().rename("output").name()));
            outputs.addAll(names(o.state(), "state"));
            String attention = o.attentionWeights() == null
                    ? null
                    : o.attentionWeights().rename("attentionWeights").name();
            if (attention != null) {
                outputs.add(attention);
            }
            return new Graph(sd, outputs, attention);
        });
        Map<String, INDArray> feed = new HashMap<>();
        feed.put("X", decX.castTo(DataType.INT32));
        for (int i = 0; i < state.size(); i++) {
            feed.put("stateIn" + i, state.get(i));
        }
        Map<String, INDArray> out = g.sd.output(feed, g.outputs.toArray(String[]::new));
        gc.afterStep();
        List<INDArray> newState = g.outputs.stream()
                .filter(n -> n.startsWith("state"))
                .map(out::get)
                .toList();
        return new Step(out.get("output"), newState, g.attention == null ? null : out.get(g.attention));
    }

    private static List<String> names(List<SDVariable> vars, String prefix) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < vars.size(); i++) {
            SDVariable v = vars.get(i);
            if (v.getVariableType() != VariableType.ARRAY) { // a placeholder passed through: keep its name
                v = v.getSameDiff().identity(v);
            }
            names.add(v.rename(prefix + i).name());
        }
        return names;
    }

    /** One compiled graph and the names of its outputs, in order. */
    private record Graph(SameDiff sd, List<String> outputs, String attention) {}
}
