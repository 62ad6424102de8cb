package io.github.d2l4j.common.rnn;

import io.github.d2l4j.common.model.TorchInit;
import java.util.List;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.BackpropType;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.graph.rnn.ReverseTimeSeriesVertex;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The book's {@code RNNModel} over a bidirectional LSTM, 9.4's {@code nn.LSTM(vocab_size,
 * num_hiddens, num_layers, bidirectional=True)}: at every layer one LSTM reads the sequence
 * forwards and another backwards, their outputs concatenated (2h units) as the next layer's input,
 * and a dense layer from the last layer's 2h units to the vocabulary ({@code Linear(2h, V)}).
 *
 * <p><b>Why not DL4J's {@code Bidirectional}.</b> M2.1's wrapper throws under truncated BPTT and in
 * {@code rnnTimeStep}, so it can neither carry the state across minibatches (the book's {@code
 * train_ch8}) nor generate one token at a time (the book's {@code predict_ch8}). This model is a
 * {@link ComputationGraph} that spells the wrapper out: per layer, {@code fwd} = {@link TbpttLstm},
 * {@code bwd} = reverse time, {@link TbpttLstm}, reverse time back, then {@code MergeVertex}
 * (forward units first, as PyTorch's output). Under truncated BPTT each LSTM starts from its
 * stored state, so the backward LSTM of a minibatch starts from the state its previous minibatch
 * ended with at that minibatch's <em>first</em> step: exactly what PyTorch does with the state
 * {@code (H, C)} of shape (2 · layers, batch, h) that {@code train_ch8} carries and detaches. In
 * generation each call sees one step, so the reversals change nothing and the backward LSTM, like
 * PyTorch's, carries its state forwards in time.
 *
 * <p><b>Units, update, initialisation.</b> As {@link RNNModel}: gradients and loss divided into the
 * mean per token, DL4J's updater with a batch size of 1, then {@code params -= update}; each LSTM's
 * one bias, PyTorch's \( b_{ih} + b_{hh} \), given \( \sqrt{2} \) times its gradient for the
 * clipping and twice it for the update, so that SGD takes PyTorch's step (as {@link RNNModel}'s
 * "One bias for PyTorch's two" says); each LSTM
 * initialised as PyTorch's ({@link TbpttLstm#torchInit}), the dense layer from \( U(\pm
 * 1/\sqrt{2h}) \). DL4J's count of parameters is PyTorch's less one bias of 4h per LSTM ({@link
 * #torchParamCount}).
 *
 * <p>Defined in D2L §9.4.
 */
public final class BiRNNModel implements LanguageModel {
    private static final String INPUT = "X";
    private static final String OUTPUT = "out";

    private final ComputationGraph graph;
    private final int vocabSize;
    private final int numLayers;
    private final int numHiddens;

    /**
     * @param vocabSize the number of tokens, which the first layer reads one-hot
     * @param numHiddens the hidden units of each direction's LSTM
     * @param numLayers the stacked bidirectional layers
     * @param updater DL4J's optimiser, in the book's units ({@code new Sgd(lr)})
     * @param seed seeds the initialisation
     * @param dataType float as in the book, double for gradient checks
     */
    public BiRNNModel(int vocabSize, int numHiddens, int numLayers, IUpdater updater, long seed, DataType dataType) {
        if (vocabSize <= 0 || numHiddens <= 0 || numLayers <= 0) {
            throw new IllegalArgumentException("BiRNNModel needs a positive vocabulary, hidden units and layers, got "
                    + vocabSize + ", " + numHiddens + ", " + numLayers);
        }
        this.vocabSize = vocabSize;
        this.numLayers = numLayers;
        this.numHiddens = numHiddens;
        this.graph = new ComputationGraph(configuration(seed, dataType, updater));
        graph.init();
        Nd4j.getRandom().setSeed(seed);
        torchInit();
    }

    /** The graph: per layer a forward and a time-reversed {@link TbpttLstm}, concatenated. */
    private ComputationGraphConfiguration configuration(long seed, DataType dataType, IUpdater updater) {
        ComputationGraphConfiguration.GraphBuilder g = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(dataType)
                .updater(updater)
                .graphBuilder()
                .addInputs(INPUT);
        String in = INPUT;
        int nIn = vocabSize;
        for (int l = 0; l < numLayers; l++) {
            g.addLayer(fwd(l), lstm(nIn), in)
                    .addVertex("reversed" + l, new ReverseTimeSeriesVertex(), in)
                    .addLayer(bwd(l), lstm(nIn), "reversed" + l)
                    .addVertex("bwdInTime" + l, new ReverseTimeSeriesVertex(), bwd(l))
                    .addVertex("layer" + l, new MergeVertex(), fwd(l), "bwdInTime" + l);
            in = "layer" + l;
            nIn = 2 * numHiddens;
        }
        return g.addLayer(
                        OUTPUT,
                        new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                                .nIn(2 * numHiddens)
                                .nOut(vocabSize)
                                .activation(Activation.SOFTMAX)
                                .dataFormat(RNNFormat.NCW) // a graph infers no layout: say it
                                .build(),
                        in)
                .setOutputs(OUTPUT)
                // stored state across calls, no gradient past the start of a minibatch (as RNNModel)
                .backpropType(BackpropType.TruncatedBPTT)
                .tBPTTForwardLength(Integer.MAX_VALUE)
                .tBPTTBackwardLength(Integer.MAX_VALUE)
                .build();
    }

    private TbpttLstm lstm(int nIn) {
        return new TbpttLstm(new LSTM.Builder().nIn(nIn).nOut(numHiddens));
    }

    private static String fwd(int l) {
        return "fwd" + l;
    }

    private static String bwd(int l) {
        return "bwd" + l;
    }

    /** PyTorch's default initialisation: each LSTM as {@code nn.LSTM}'s, the dense layer as {@code nn.Linear}'s. */
    private void torchInit() {
        for (int l = 0; l < numLayers; l++) {
            for (String name : List.of(fwd(l), bwd(l))) {
                Layer layer = graph.getLayer(name);
                ((CarriedStateRnn) layer.conf().getLayer()).torchInit(layer);
            }
        }
        double bound = 1 / Math.sqrt(2.0 * numHiddens); // nn.Linear(2h, V)
        Layer out = graph.getLayer(OUTPUT);
        for (String key : List.of(DefaultParamInitializer.WEIGHT_KEY, DefaultParamInitializer.BIAS_KEY)) {
            INDArray p = out.getParam(key);
            p.assign(TorchInit.uniform(bound, p.shape()));
        }
    }

    /** The DL4J graph. */
    public ComputationGraph graph() {
        return graph;
    }

    /**
     * The number of parameters as PyTorch counts them: DL4J's, plus the second bias (4h) that each
     * of the 2 · layers LSTMs of {@code nn.LSTM} has and DL4J folds into its one.
     */
    public long torchParamCount() {
        return graph.numParams() + 2L * numLayers * 4 * numHiddens;
    }

    @Override
    public int vocabSize() {
        return vocabSize;
    }

    /** The book's {@code begin_state}: every LSTM of both directions forgets its state. */
    @Override
    public void beginState(int batchSize) {
        graph.rnnClearPreviousState();
    }

    /** Generation through DL4J's stateful {@code rnnTimeStep}, as {@link RNNModel#predict}. */
    @Override
    public INDArray predict(INDArray X) {
        INDArray probs = graph.rnnTimeStep(oneHot(X))[0]; // (batch, vocab, steps), after softmax
        return RNNModel.timeMajor(Nd4j.math().log(probs));
    }

    @Override
    public double forwardBackward(INDArray X, INDArray Y) {
        graph.setInputs(oneHot(X));
        graph.setLabels(oneHot(Y));
        graph.computeGradientAndScore(); // from the stored states, which move on
        long steps = X.size(1);
        graph.getGradientsViewArray().divi(X.size(0) * steps); // summed over tokens -> mean per token
        RNNModel.scaleFoldedBiasGradients(graph.getLayers(), 0.5); // the norm of PyTorch's gradient
        return graph.score() / steps; // summed over tokens / batch -> mean per token
    }

    /**
     * All of DL4J's gradients are views of one flat array: its global norm is theirs, PyTorch's
     * (each LSTM's bias holds \( \sqrt{2} \) times its gradient, as {@link RNNModel#gradients}).
     */
    @Override
    public List<INDArray> gradients() {
        return List.of(graph.getGradientsViewArray());
    }

    /**
     * Each LSTM's bias gradient times \( \sqrt{2} \) again, DL4J's updater with a batch size of
     * 1, then {@code params -= update}, as {@link RNNModel#update}: PyTorch's step under SGD.
     */
    @Override
    public void update() {
        RNNModel.scaleFoldedBiasGradients(graph.getLayers(), 0.5);
        int iteration = graph.getIterationCount();
        graph.getUpdater()
                .update(graph.gradient(), iteration, graph.getEpochCount(), 1, LayerWorkspaceMgr.noWorkspaces());
        INDArray params = graph.params();
        params.subi(graph.getGradientsViewArray().reshape(params.shape()));
        graph.getConfiguration().setIterationCount(iteration + 1);
    }

    INDArray oneHot(INDArray X) {
        return RNNModel.oneHot(X, vocabSize, graph.params().dataType());
    }
}
