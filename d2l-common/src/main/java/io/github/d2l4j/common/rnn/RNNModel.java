package io.github.d2l4j.common.rnn;

import io.github.d2l4j.common.model.TorchInit;
import java.util.List;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.BackpropType;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseRecurrentLayer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
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
 * The book's {@code RNNModel(rnn_layer, vocab_size)}: a DL4J recurrent layer followed by a dense
 * layer from its hidden units to the vocabulary at every time step ({@code RnnOutputLayer}, with
 * softmax and cross-entropy), in one {@link MultiLayerNetwork}.
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
 * <p><b>Initialisation.</b> PyTorch's defaults, as the book's model has them: {@code nn.RNN}
 * draws its weights and both its biases (\( b_{ih} \) and \( b_{hh} \)) from \( U(\pm 1/\sqrt{h})
 * \), so the one bias of DL4J's layer is the sum of two such draws; {@code nn.Linear} draws its
 * weight and bias from \( U(\pm 1/\sqrt{h}) \).
 *
 * <p>Defined in D2L §8.6.
 */
public final class RNNModel implements LanguageModel {

    private final MultiLayerNetwork net;
    private final int vocabSize;

    /**
     * @param rnnLayer the recurrent layer: its {@code nIn} must be the vocabulary size, and its
     *     gradient right for a carried state: {@link TbpttSimpleRnn}. DL4J's own recurrent layers
     *     are refused: M2.1's {@code SimpleRnn}, {@code LSTM} and {@code GravesLSTM} back-propagate
     *     a carried state as if it were zero, and its {@code Bidirectional} wrapper refuses
     *     truncated BPTT
     * @param vocabSize the number of tokens
     * @param updater DL4J's optimiser, in the book's units ({@code new Sgd(lr)} for the book's
     *     {@code torch.optim.SGD(lr)})
     * @param seed seeds the initialisation
     */
    public RNNModel(BaseRecurrentLayer rnnLayer, int vocabSize, IUpdater updater, long seed) {
        this(rnnLayer, vocabSize, updater, seed, DataType.FLOAT);
    }

    /** An {@code RNNModel} in {@code dataType}: float as in the book, double for gradient checks. */
    public RNNModel(BaseRecurrentLayer rnnLayer, int vocabSize, IUpdater updater, long seed, DataType dataType) {
        this(rnnLayer, vocabSize, updater, seed, dataType, false);
    }

    /** With {@code allowDl4jSimpleRnn}, DL4J's own layer too: for the test that pins its bug. */
    RNNModel(
            BaseRecurrentLayer rnnLayer,
            int vocabSize,
            IUpdater updater,
            long seed,
            DataType dataType,
            boolean allowDl4jSimpleRnn) {
        if (!allowDl4jSimpleRnn && !(rnnLayer instanceof CarriedStateRnn)) {
            // LSTM and GravesLSTM recompute the forward pass from zeros too (LSTM.java:66-68 in M2.1),
            // and the Bidirectional wrapper throws under truncated BPTT
            throw new IllegalArgumentException(
                    "RNNModel carries the state across minibatches, and DL4J M2.1's "
                            + rnnLayer.getClass().getSimpleName()
                            + " back-propagates a carried state as if it were zero:"
                            + " use a CarriedStateRnn, such as new TbpttSimpleRnn(new SimpleRnn.Builder()...), which fixes that");
        }
        if (rnnLayer.getNIn() != vocabSize) {
            throw new IllegalArgumentException(
                    "the recurrent layer reads " + rnnLayer.getNIn() + " inputs, but the vocabulary has " + vocabSize);
        }
        this.vocabSize = vocabSize;
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(dataType)
                .updater(updater)
                .list()
                .layer(rnnLayer)
                .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                        .nIn(rnnLayer.getNOut())
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
        torchInit(rnnLayer);
    }

    /** PyTorch's default initialisation of the recurrent layer and the linear layer (see above). */
    private void torchInit(BaseRecurrentLayer rnnLayer) {
        if (rnnLayer instanceof CarriedStateRnn fixed) {
            fixed.torchInit(net.getLayer(0));
        } else { // DL4J's own SimpleRnn, allowed only for the test that pins its bug
            TbpttSimpleRnn.torchInitSimpleRnn(net.getLayer(0), rnnLayer.getNOut());
        }
        double bound = 1 / Math.sqrt(rnnLayer.getNOut()); // nn.Linear's, with h inputs
        Layer out = net.getLayer(1);
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
        return net.score() / steps; // summed over tokens / batch -> mean per token
    }

    /** All of DL4J's gradients are views of one flat array: its global norm is theirs. */
    @Override
    public List<INDArray> gradients() {
        return List.of(net.getFlattenedGradients());
    }

    /**
     * DL4J's updater on the gradients as they are (a batch size of 1, since they are already
     * means), then the step {@code params -= update}, as DL4J's own optimiser takes it.
     */
    @Override
    public void update() {
        int iteration = net.getIterationCount();
        net.getUpdater()
                .update(net, net.gradient(), iteration, net.getEpochCount(), 1, LayerWorkspaceMgr.noWorkspaces());
        INDArray params = net.params();
        params.subi(net.getFlattenedGradients().reshape(params.shape()));
        net.setIterationCount(iteration + 1);
    }

    /** One-hot (batch, vocab, steps), DL4J's NCW layout for recurrent layers, from (batch, steps) indices. */
    INDArray oneHot(INDArray X) {
        INDArray oneHot = Nd4j.exec(new OneHot(
                X.castTo(DataType.INT64), vocabSize, -1, 1.0, 0.0, net.params().dataType()))[
                0]; // (batch, steps, vocab)
        return oneHot.permute(0, 2, 1).dup('f');
    }

    /** (batch, vocab, steps) to the book's (steps * batch, vocab). */
    static INDArray timeMajor(INDArray ncw) {
        long vocab = ncw.size(1);
        return ncw.permute(2, 0, 1).dup('c').reshape(-1, vocab);
    }
}
