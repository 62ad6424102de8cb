package io.github.d2l4j.common.rnn;

import io.github.d2l4j.common.device.GcPacer;
import io.github.d2l4j.common.model.Capture;
import io.github.d2l4j.common.train.Scratch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A recurrent neural network from scratch: the book's {@code RNNModelScratch}, which turns three
 * functions (the parameters, the initial state and the forward pass of one sequence) into a model.
 * The forward pass is written on SameDiff variables, so SameDiff supplies the gradients, as
 * PyTorch's autograd does in the book.
 *
 * <p>SameDiff graphs have a fixed number of time steps, so the model builds one graph per number
 * of steps it meets (35 for training, 1 for prediction) and keeps it. All of them use the same
 * parameter arrays, which {@link #update} changes in place.
 *
 * <p>Where it differs from the book: the model keeps its state ({@link LanguageModel} says why),
 * and its loss is built in, the mean cross-entropy of {@code train_ch8}. The updater is given here
 * ({@link #withUpdater}) rather than to {@code train_ch8}.
 *
 * <p>Defined in D2L §8.5.
 */
public final class RNNModelScratch implements LanguageModel {

    /** The book's {@code get_params(vocab_size, num_hiddens, device)}: named arrays, in order. */
    @FunctionalInterface
    public interface GetParams {
        Map<String, INDArray> apply(int vocabSize, int numHiddens);
    }

    /** The book's {@code init_state(batch_size, num_hiddens, device)}: a tuple of arrays. */
    @FunctionalInterface
    public interface InitState {
        List<INDArray> apply(int batchSize, int numHiddens);
    }

    /**
     * The book's {@code forward_fn(inputs, state, params)}: {@code inputs} holds one (batch,
     * vocab) one-hot matrix per time step; it returns the outputs of all steps stacked in time
     * order, (steps * batch, vocab), and the new state.
     */
    @FunctionalInterface
    public interface ForwardFn {
        Forward apply(List<SDVariable> inputs, List<SDVariable> state, Map<String, SDVariable> params);
    }

    /** What a forward function returns: the book's {@code (torch.cat(outputs, dim=0), (H,))}. */
    public record Forward(SDVariable outputs, List<SDVariable> state) {}

    /** A hand-written optimiser: changes {@code params} in place from {@code grads}. */
    @FunctionalInterface
    public interface Updater {
        void update(Map<String, INDArray> params, Map<String, INDArray> grads);
    }

    private final int vocabSize;
    private final int numHiddens;
    private final Map<String, INDArray> params;
    private final InitState initState;
    private final ForwardFn forwardFn;
    private final Map<Long, Graph> graphs = new HashMap<>();
    private final GcPacer gc = new GcPacer(); // SameDiff's per-step arrays are freed only by GC
    private Updater updater;
    private List<INDArray> state;
    private Map<String, INDArray> grads;

    public RNNModelScratch(
            int vocabSize, int numHiddens, GetParams getParams, InitState initState, ForwardFn forwardFn) {
        Scratch.requirePositive(vocabSize, "vocabulary size");
        Scratch.requirePositive(numHiddens, "number of hidden units");
        this.vocabSize = vocabSize;
        this.numHiddens = numHiddens;
        // Fresh arrays of our own: SameDiff copies an array that is a view of another, and every
        // graph must read the arrays that update() changes.
        this.params = new LinkedHashMap<>();
        getParams.apply(vocabSize, numHiddens).forEach((name, arr) -> params.put(name, arr.dup('c')));
        this.initState = initState;
        this.forwardFn = forwardFn;
    }

    /** Sets the optimiser that {@link #update} runs: the book's {@code updater} in {@code train_ch8}. */
    public RNNModelScratch withUpdater(Updater updater) {
        this.updater = updater;
        return this;
    }

    @Override
    public int vocabSize() {
        return vocabSize;
    }

    /** The parameters by name, in {@code get_params}'s order; the arrays the model trains. */
    public Map<String, INDArray> params() {
        return params;
    }

    /** The book's {@code begin_state(batch_size, device)}: zeros, from {@code init_state}. */
    @Override
    public void beginState(int batchSize) {
        state = initState.apply(batchSize, numHiddens);
    }

    /** The current state: the book's {@code state} tuple. */
    public List<INDArray> state() {
        return state;
    }

    /** Sets the state that the next call starts from, as the book's loop passes {@code state} in. */
    public void setState(List<INDArray> state) {
        this.state = List.copyOf(state);
    }

    /** The book's {@code net(X, state)}: the outputs (steps * batch, vocab) and the new state. */
    public Output call(INDArray X, List<INDArray> state) {
        Graph g = graph(X.size(1));
        Map<String, INDArray> out = g.sd.output(g.feed(X, null, state), g.outputNames());
        gc.afterStep();
        return new Output(
                out.get(g.outputs), g.stateNames.stream().map(out::get).toList());
    }

    /** The outputs and the new state of {@link #call}. */
    public record Output(INDArray Y, List<INDArray> state) {}

    @Override
    public INDArray predict(INDArray X) {
        Output o = call(X, requireState(X));
        state = o.state();
        return o.Y();
    }

    @Override
    public double forwardBackward(INDArray X, INDArray Y) {
        Graph g = graph(X.size(1));
        g.capture.clear();
        // One pass: computing the gradients runs the forward ops, and the capture keeps the
        // per-token losses and the new state as they go by.
        grads = g.sd.calculateGradients(
                g.feed(X, Y, requireState(X)), params.keySet().toArray(String[]::new));
        INDArray losses = g.capture.get(g.losses);
        state = g.stateNames.stream().map(g.capture::get).toList();
        gc.afterStep();
        return losses.meanNumber().doubleValue();
    }

    @Override
    public List<INDArray> gradients() {
        if (grads == null) {
            throw new IllegalStateException("no gradients yet: call forwardBackward first");
        }
        return params.keySet().stream().map(grads::get).toList();
    }

    /** The gradients of the last {@link #forwardBackward} by parameter name. */
    public Map<String, INDArray> gradientsByName() {
        gradients(); // the same check
        return grads;
    }

    @Override
    public void update() {
        if (updater == null) {
            throw new IllegalStateException("no updater: set one with withUpdater");
        }
        updater.update(params, gradientsByName());
    }

    private List<INDArray> requireState(INDArray X) {
        if (state == null || state.get(0).size(0) != X.size(0)) {
            throw new IllegalStateException("the state is for "
                    + (state == null ? "no batch" : state.get(0).size(0) + " sequences") + " but X has "
                    + X.size(0) + ": call beginState(" + X.size(0) + ") first");
        }
        return state;
    }

    private Graph graph(long numSteps) {
        return graphs.computeIfAbsent(numSteps, this::build);
    }

    /**
     * The graph for {@code numSteps} steps: the book's {@code __call__}, {@code
     * F.one_hot(X.T.long(), vocab_size)} and then the forward function, plus the loss of {@code
     * train_ch8}, the mean cross-entropy over every token.
     */
    private Graph build(long numSteps) {
        SameDiff sd = SameDiff.create();
        SDVariable X = sd.placeHolder("X", DataType.INT32, -1, numSteps);
        SDVariable Y = sd.placeHolder("Y", DataType.INT32, -1, numSteps);
        List<SDVariable> stateIn = new ArrayList<>();
        List<INDArray> shapes = initState.apply(1, numHiddens);
        for (int i = 0; i < shapes.size(); i++) {
            long[] shape = shapes.get(i).shape().clone();
            shape[0] = -1;
            stateIn.add(sd.placeHolder("state" + i, DataType.FLOAT, shape));
        }
        Map<String, SDVariable> vars = new LinkedHashMap<>();
        params.forEach((name, arr) -> {
            vars.put(name, sd.var(name, arr));
            if (sd.getArrForVarName(name) != arr) {
                throw new IllegalStateException("SameDiff copied parameter " + name + ": updates would not reach it");
            }
        });
        SDVariable inputs = oneHot(X.permute(1, 0)); // (steps, batch, vocab)
        List<SDVariable> steps = Arrays.asList(sd.unstack(inputs, 0, (int) numSteps));
        Forward f = forwardFn.apply(steps, stateIn, vars);
        SDVariable outputs = f.outputs().rename("outputs");
        List<String> stateNames = new ArrayList<>();
        for (int i = 0; i < f.state().size(); i++) {
            stateNames.add(f.state().get(i).rename("newState" + i).name());
        }
        SDVariable labels = oneHot(Y.permute(1, 0).reshape(-1)); // time-major, as the outputs
        SDVariable losses = Scratch.softmaxCrossEntropy(outputs, labels).rename("losses");
        sd.setLossVariables(losses.mean("loss"));
        return new Graph(sd, outputs.name(), losses.name(), stateNames);
    }

    private SDVariable oneHot(SDVariable indices) {
        return indices.getSameDiff().oneHot(indices, vocabSize, -1, 1.0, 0.0, DataType.FLOAT);
    }

    /** One compiled graph and the names of its parts. */
    private static final class Graph {
        final SameDiff sd;
        final String outputs;
        final String losses;
        final List<String> stateNames;
        final Capture capture;

        Graph(SameDiff sd, String outputs, String losses, List<String> stateNames) {
            this.sd = sd;
            this.outputs = outputs;
            this.losses = losses;
            this.stateNames = stateNames;
            List<String> watched = new ArrayList<>(stateNames);
            watched.add(losses);
            this.capture = new Capture(watched.toArray(String[]::new));
            sd.addListeners(capture);
        }

        String[] outputNames() {
            List<String> names = new ArrayList<>(stateNames);
            names.add(outputs);
            return names.toArray(String[]::new);
        }

        Map<String, INDArray> feed(INDArray X, INDArray Y, List<INDArray> state) {
            Map<String, INDArray> feed = new HashMap<>();
            feed.put("X", X.castTo(DataType.INT32));
            if (Y != null) {
                feed.put("Y", Y.castTo(DataType.INT32));
            }
            for (int i = 0; i < state.size(); i++) {
                feed.put("state" + i, state.get(i));
            }
            return feed;
        }
    }
}
