package io.github.d2l4j.common.rnn;

import io.github.d2l4j.common.model.TorchInit;
import java.util.List;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.BackpropType;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseRecurrentLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.shape.OneHot;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The book's {@code RNNModel(rnn_layer, vocab_size)}: a DL4J recurrent layer (or a stack of them,
 * the book's {@code num_layers}) followed by a dense layer from the hidden units to the vocabulary
 * at every time step ({@code RnnOutputLayer}, with softmax and cross-entropy), in one {@link
 * MultiLayerNetwork}.
 *
 * <p><b>The state across minibatches.</b> The network is configured for truncated BPTT, which is
 * what makes DL4J start each forward pass from the state its recurrent layers stored at the end of
 * the previous one, and stop the gradient at the start of the minibatch: the book's {@code
 * state.detach_()}. DL4J's own {@code fit} would clear that state at every call, so the training
 * loop drives the network step by step instead ({@link #forwardBackward}, then {@link #update}
 * with DL4J's updater), which also leaves room for the book's global gradient clipping between the
 * two. Generation uses DL4J's stateful {@code rnnTimeStep}.
 *
 * <p><b>Units.</b> DL4J's gradient is that of the loss summed over every token of the minibatch,
 * and its score that sum divided by the batch size; the book's {@code train_ch8} uses the mean
 * over tokens. {@link #forwardBackward} divides both into the book's units, and {@link #update}
 * applies DL4J's updater to them as they are, so the book's learning rate means the same here.
 *
 * <p><b>One bias for PyTorch's two.</b> {@code nn.RNN} and {@code nn.LSTM} have two bias vectors,
 * \( b_{ih} \) and \( b_{hh} \), that only ever appear summed; DL4J's layers have one, {@code b},
 * their sum. The function is the same, the step is not: PyTorch gives both biases the same gradient
 * \( g \), so the book's gradient clipping counts \( |g|^2 \) twice, and SGD moves their sum by
 * \( 2 \cdot lr \cdot g \), twice what one bias would move. So that this model takes PyTorch's
 * step, {@link #forwardBackward} multiplies the gradient of each such bias by \( \sqrt{2} \) (the
 * flat gradient then has the norm of PyTorch's, and clipping scales it by PyTorch's factor \( c
 * \)), and {@link #update} by \( \sqrt{2} \) again before DL4J's updater, which then sees \( 2cg
 * \) for the bias: under SGD (the book's optimiser in 8.6 and 9.1-9.4) the bias moves by exactly
 * PyTorch's \( 2 \cdot lr \cdot c \cdot g \), the weights as before. Which layers fold two biases
 * their {@link CarriedStateRnn#foldedTorchBiases} says ({@link TbpttSimpleRnn}, {@link TbpttLstm};
 * not {@link TbpttGru}, which keeps PyTorch's two). With an updater that is not linear in the
 * gradient, such as Adam, this is no longer PyTorch's step: Adam moves each of PyTorch's two biases
 * by about \( lr \), their sum by about \( 2 \cdot lr \), but DL4J's one bias by about \( lr
 * \), whatever the scale of its gradient.
 *
 * <p><b>Stacked layers.</b> In a stack, DL4J hands each layer's backward pass the gradient its
 * upper neighbour returns for every step, so the stack's gradient is right when every layer's is
 * ({@code TbpttLstmTest} checks two {@link TbpttLstm} layers against central differences with a
 * carried state).
 *
 * <p><b>Initialisation.</b> PyTorch's defaults, as the book's model has them: {@code nn.RNN},
 * {@code nn.LSTM} (each of its layers) draw their weights and both their biases (\( b_{ih} \) and
 * \( b_{hh} \)) from \( U(\pm 1/\sqrt{h}) \), so the one bias of DL4J's layer is the sum of two
 * such draws ({@link CarriedStateRnn#torchInit}); {@code nn.Linear} draws its weight and bias from
 * \( U(\pm 1/\sqrt{h}) \), with \( h \) the last layer's units.
 *
 * <p>Defined in D2L §8.6.
 */
public final class RNNModel implements LanguageModel {

    private final MultiLayerNetwork net;
    private final int vocabSize;

    /**
     * @param rnnLayer the recurrent layer: its {@code nIn} must be the vocabulary size, and its
     *     gradient right for a carried state: a {@link CarriedStateRnn} ({@link TbpttSimpleRnn},
     *     {@link TbpttLstm}). DL4J's own recurrent layers are refused: M2.1's {@code SimpleRnn},
     *     {@code LSTM} and {@code GravesLSTM} back-propagate a carried state as if it were zero, and
     *     its {@code Bidirectional} wrapper (no {@code BaseRecurrentLayer}) refuses truncated BPTT
     * @param vocabSize the number of tokens
     * @param updater DL4J's optimiser, in the book's units ({@code new Sgd(lr)} for the book's
     *     {@code torch.optim.SGD(lr)})
     * @param seed seeds the initialisation
     */
    public RNNModel(BaseRecurrentLayer rnnLayer, int vocabSize, IUpdater updater, long seed) {
        this(List.of(rnnLayer), vocabSize, updater, seed, DataType.FLOAT);
    }

    /** An {@code RNNModel} in {@code dataType}: float as in the book, double for gradient checks. */
    public RNNModel(BaseRecurrentLayer rnnLayer, int vocabSize, IUpdater updater, long seed, DataType dataType) {
        this(List.of(rnnLayer), vocabSize, updater, seed, dataType, false);
    }

    /**
     * The book's {@code RNNModel} over a multi-layer recurrent layer, such as 9.3's {@code
     * nn.LSTM(vocab_size, 256, num_layers=2)}: {@code rnnLayers} stacked, the first reading the
     * vocabulary and each next one the previous one's {@code nOut}; the linear layer reads the last
     * one's. Each layer is initialised as PyTorch initialises its own layer of the stack.
     */
    public RNNModel(
            List<? extends BaseRecurrentLayer> rnnLayers,
            int vocabSize,
            IUpdater updater,
            long seed,
            DataType dataType) {
        this(rnnLayers, vocabSize, updater, seed, dataType, false);
    }

    /** With {@code allowDl4jLayers}, DL4J's own layer too: for the tests that pin its bug. */
    RNNModel(
            BaseRecurrentLayer rnnLayer,
            int vocabSize,
            IUpdater updater,
            long seed,
            DataType dataType,
            boolean allowDl4jLayers) {
        this(List.of(rnnLayer), vocabSize, updater, seed, dataType, allowDl4jLayers);
    }

    /** With {@code allowDl4jLayers}, DL4J's own layers too: for the tests that pin their bug. */
    RNNModel(
            List<? extends BaseRecurrentLayer> rnnLayers,
            int vocabSize,
            IUpdater updater,
            long seed,
            DataType dataType,
            boolean allowDl4jLayers) {
        requireStack(rnnLayers, vocabSize, allowDl4jLayers);
        this.vocabSize = vocabSize;
        long lastOut = rnnLayers.get(rnnLayers.size() - 1).getNOut();
        NeuralNetConfiguration.ListBuilder layers = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(dataType)
                .updater(updater)
                .list();
        rnnLayers.forEach(layers::layer);
        MultiLayerConfiguration conf = layers.layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                        .nIn(lastOut)
                        .nOut(vocabSize)
                        .activation(Activation.SOFTMAX)
                        .build())
                // Stored state across calls, and no gradient past the start of a minibatch: the
                // lengths only need to exceed any minibatch's number of steps.
                .backpropType(BackpropType.TruncatedBPTT)
                .tBPTTForwardLength(Integer.MAX_VALUE)
                .tBPTTBackwardLength(Integer.MAX_VALUE)
                .build();
        this.net = new MultiLayerNetwork(conf);
        net.init();
        Nd4j.getRandom().setSeed(seed);
        torchInit(rnnLayers);
    }

    /**
     * Refuses, before any work: an empty stack, a layer whose gradient is wrong for a carried
     * state, a first layer that does not read the vocabulary, a layer that does not read its
     * predecessor's output.
     */
    private static void requireStack(List<? extends BaseRecurrentLayer> rnnLayers, int vocabSize, boolean allowDl4j) {
        if (rnnLayers.isEmpty()) {
            throw new IllegalArgumentException("RNNModel needs at least one recurrent layer");
        }
        for (BaseRecurrentLayer rnnLayer : rnnLayers) {
            if (!allowDl4j && !(rnnLayer instanceof CarriedStateRnn)) {
                // LSTM and GravesLSTM recompute the forward pass from zeros too (LSTM.java:66-68 in M2.1),
                // and the Bidirectional wrapper throws under truncated BPTT
                throw new IllegalArgumentException("RNNModel carries the state across minibatches, and DL4J M2.1's "
                        + rnnLayer.getClass().getSimpleName()
                        + " back-propagates a carried state as if it were zero:"
                        + " use a CarriedStateRnn, such as new TbpttSimpleRnn(new SimpleRnn.Builder()...)"
                        + " or new TbpttLstm(new LSTM.Builder()...), which fix that");
            }
        }
        if (rnnLayers.get(0).getNIn() != vocabSize) {
            throw new IllegalArgumentException("the recurrent layer reads "
                    + rnnLayers.get(0).getNIn() + " inputs, but the vocabulary has " + vocabSize);
        }
        for (int i = 1; i < rnnLayers.size(); i++) {
            if (rnnLayers.get(i).getNIn() != rnnLayers.get(i - 1).getNOut()) {
                throw new IllegalArgumentException(
                        "recurrent layer " + i + " reads " + rnnLayers.get(i).getNIn() + " inputs, but layer " + (i - 1)
                                + " gives " + rnnLayers.get(i - 1).getNOut());
            }
        }
    }

    /** PyTorch's default initialisation of each recurrent layer and of the linear layer (see above). */
    private void torchInit(List<? extends BaseRecurrentLayer> rnnLayers) {
        for (int i = 0; i < rnnLayers.size(); i++) {
            if (rnnLayers.get(i) instanceof CarriedStateRnn fixed) {
                fixed.torchInit(net.getLayer(i));
            } else if (rnnLayers.get(i) instanceof SimpleRnn) { // DL4J's own, only for the test that pins its bug
                TbpttSimpleRnn.torchInitSimpleRnn(
                        net.getLayer(i), rnnLayers.get(i).getNOut());
            } else { // DL4J's own LSTM, only for the test that pins its bug
                TbpttLstm.torchInitLstm(net.getLayer(i), rnnLayers.get(i).getNOut());
            }
        }
        double bound = 1 / Math.sqrt(rnnLayers.get(rnnLayers.size() - 1).getNOut()); // nn.Linear's, with h inputs
        Layer out = net.getLayer(rnnLayers.size());
        for (String key : List.of(DefaultParamInitializer.WEIGHT_KEY, DefaultParamInitializer.BIAS_KEY)) {
            INDArray p = out.getParam(key);
            p.assign(TorchInit.uniform(bound, p.shape()));
        }
    }

    /** The DL4J network. */
    public MultiLayerNetwork net() {
        return net;
    }

    @Override
    public int vocabSize() {
        return vocabSize;
    }

    /** The book's {@code begin_state}: DL4J's recurrent layers forget their state, which is zeros. */
    @Override
    public void beginState(int batchSize) {
        net.rnnClearPreviousState();
    }

    /**
     * The book's {@code RNNModel.forward} for generation, through DL4J's stateful {@code
     * rnnTimeStep}: the logits in the book's layout, (steps * batch, vocab).
     */
    @Override
    public INDArray predict(INDArray X) {
        INDArray probs = net.rnnTimeStep(oneHot(X)); // (batch, vocab, steps), after softmax
        // The output layer applies softmax; its logarithm is the logits up to a constant per
        // row, which changes neither the argmax nor the softmax.
        return timeMajor(Nd4j.math().log(probs));
    }

    @Override
    public double forwardBackward(INDArray X, INDArray Y) {
        net.setInput(oneHot(X));
        net.setLabels(oneHot(Y));
        net.computeGradientAndScore(); // from the stored state, which moves on to this batch's last step
        long steps = X.size(1);
        net.getFlattenedGradients().divi(X.size(0) * steps); // summed over tokens -> mean per token
        scaleFoldedBiasGradients(net.getLayers(), 0.5); // the norm of PyTorch's gradient (see above)
        return net.score() / steps; // summed over tokens / batch -> mean per token
    }

    /**
     * All of DL4J's gradients are views of one flat array: its global norm is theirs. After {@link
     * #forwardBackward} they are the gradient of the mean loss per token, except that each bias that
     * stands for PyTorch's two holds \( \sqrt{2} \) times its gradient: the flat array then has
     * the norm of PyTorch's gradient over both biases, which the book's clipping needs (see above).
     */
    @Override
    public List<INDArray> gradients() {
        return List.of(net.getFlattenedGradients());
    }

    /**
     * DL4J's updater on the gradients as they are (a batch size of 1, since they are already
     * means), then the step {@code params -= update}, as DL4J's own optimiser takes it. First each
     * bias that stands for PyTorch's two gets \( \sqrt{2} \) again, twice its (clipped) gradient
     * in all: under SGD, the step of PyTorch's two biases' sum, exact; under other updaters see the
     * class comment.
     */
    @Override
    public void update() {
        scaleFoldedBiasGradients(net.getLayers(), 0.5);
        int iteration = net.getIterationCount();
        net.getUpdater()
                .update(net, net.gradient(), iteration, net.getEpochCount(), 1, LayerWorkspaceMgr.noWorkspaces());
        INDArray params = net.params();
        params.subi(net.getFlattenedGradients().reshape(params.shape()));
        net.setIterationCount(iteration + 1);
    }

    /**
     * Multiplies, in place, the gradient of each layer's bias that stands for k of PyTorch's
     * ({@link #foldedTorchBiases}) by \( k^{exponent} \): the models use 1/2, the tests -1/2 to get
     * the gradient of the loss back.
     */
    static void scaleFoldedBiasGradients(Layer[] layers, double exponent) {
        for (Layer layer : layers) {
            int k = foldedTorchBiases(layer.conf().getLayer());
            if (k > 1) {
                INDArray bias = layer.conf()
                        .getLayer()
                        .initializer()
                        .getGradientsFromFlattened(layer.conf(), layer.getGradientsViewArray())
                        .get(DefaultParamInitializer.BIAS_KEY); // a view of the flat gradient
                bias.muli(Math.pow(k, exponent));
            }
        }
    }

    /**
     * {@link CarriedStateRnn#foldedTorchBiases}; 2 for DL4J's own {@code SimpleRnn} and {@code LSTM}
     * too (only in the tests that pin their bug), which {@link #torchInit} initialises as PyTorch's.
     */
    static int foldedTorchBiases(org.deeplearning4j.nn.conf.layers.Layer conf) {
        if (conf instanceof CarriedStateRnn layer) {
            return layer.foldedTorchBiases();
        }
        return conf instanceof SimpleRnn || conf instanceof LSTM ? 2 : 1;
    }

    /** One-hot (batch, vocab, steps), DL4J's NCW layout for recurrent layers, from (batch, steps) indices. */
    INDArray oneHot(INDArray X) {
        return oneHot(X, vocabSize, net.params().dataType());
    }

    /** One-hot (batch, vocab, steps) in {@code dataType} from (batch, steps) indices. */
    static INDArray oneHot(INDArray X, int vocabSize, DataType dataType) {
        INDArray oneHot = Nd4j.exec(new OneHot(X.castTo(DataType.INT64), vocabSize, -1, 1.0, 0.0, dataType))[
                0]; // (batch, steps, vocab)
        return oneHot.permute(0, 2, 1).dup('f');
    }

    /** (batch, vocab, steps) to the book's (steps * batch, vocab). */
    static INDArray timeMajor(INDArray ncw) {
        long vocab = ncw.size(1);
        return ncw.permute(2, 0, 1).dup('c').reshape(-1, vocab);
    }
}
