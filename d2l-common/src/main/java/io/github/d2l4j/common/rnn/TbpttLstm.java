package io.github.d2l4j.common.rnn;

import io.github.d2l4j.common.model.TorchInit;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.recurrent.FwdPassReturn;
import org.deeplearning4j.nn.layers.recurrent.LSTMHelpers;
import org.deeplearning4j.nn.params.LSTMParamInitializer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J's {@link LSTM} set up as PyTorch's {@code nn.LSTM}, with its gradient fixed for a state
 * \( (H, C) \) carried over from the previous minibatch.
 *
 * <p><b>Why.</b> As with {@link TbpttSimpleRnn}: under truncated BPTT DL4J starts each forward
 * pass from the stored \( (H, C) \), but M2.1's {@code LSTM.backpropGradient} (the one training
 * calls) recomputes the forward pass from <em>zero</em> \( H \) and \( C \), so its gradient belongs
 * to another forward pass than the loss. This layer records the state each training forward pass
 * starts from and hands it to DL4J's own {@code LSTMHelpers}, whose backward arithmetic is right for
 * a non-zero initial state (the forget gate's share \( \partial L/\partial C_0 \) and the recurrent
 * weights' \( H_0^\top \delta_1 \)). No new arithmetic: the forward and backward passes are DL4J's.
 * {@code TbpttLstmTest} pins the bug in DL4J's layer and checks this one against central
 * differences.
 *
 * <p><b>DL4J's LSTM against PyTorch's.</b> The same function, laid out differently:
 *
 * <ul>
 *   <li>DL4J's weights are {@code W} (nIn, 4h), {@code RW} (h, 4h), {@code b} (1, 4h), in column
 *       blocks [g, f, o, i]: block 0 is the cell candidate \( \tilde{C} \) (through the layer
 *       activation), 1 the forget gate, 2 the output gate, 3 the input gate. PyTorch's {@code
 *       weight_ih_l0} (4h, nIn) stacks (i, f, g, o): PyTorch's i is DL4J's block 3, f block 1, g
 *       block 0, o block 2 ({@link #PYTORCH_TO_DL4J_BLOCK}).
 *   <li>One bias where PyTorch has two, \( b_{ih} + b_{hh} \): DL4J's layer has \( 4h \) fewer
 *       parameters than {@code nn.LSTM} (299,036 against 300,060 in 9.2), and the same function;
 *       {@link RNNModel} gives it PyTorch's step ({@link #foldedTorchBiases}).
 *   <li>Initialisation ({@link #torchInit}): PyTorch's U(±1/√h) for every weight and both biases,
 *       so the one bias is the sum of two such draws; <em>not</em> DL4J's forget-gate bias of 1.0.
 *   <li>The layer activation (for \( \tilde{C} \) and \( \tanh(C) \)) is tanh, as PyTorch's: DL4J's
 *       global default is sigmoid, so this layer sets tanh when the builder sets none, and refuses
 *       any other; the gates must be sigmoid.
 * </ul>
 *
 * <p>It supports what chapter 9 uses: no dropout, no masks, the NCW layout; it says so when asked
 * for more.
 */
public class TbpttLstm extends LSTM implements CarriedStateRnn {
    private static final long serialVersionUID = 1L;

    /**
     * Where PyTorch's gate blocks (i, f, g, o), in that order, sit among DL4J's column blocks: i in
     * block 3, f in 1, g in 0, o in 2.
     */
    public static final int[] PYTORCH_TO_DL4J_BLOCK = {3, 1, 0, 2};

    /**
     * The layer that {@code builder} describes, for example {@code new TbpttLstm(new
     * LSTM.Builder().nIn(28).nOut(256))}; its activation becomes tanh when it sets none.
     *
     * @throws IllegalArgumentException for an activation other than tanh or gates other than sigmoid
     */
    public TbpttLstm(LSTM.Builder builder) {
        copyConfiguration(builder.build()); // DL4J's LSTM(Builder) is private
        if (getActivationFn() == null) {
            setActivationFn(new ActivationTanH()); // PyTorch's; DL4J's default would be sigmoid
        }
        if (!(getActivationFn() instanceof ActivationTanH)) {
            throw new IllegalArgumentException(
                    "TbpttLstm is PyTorch's nn.LSTM, whose activation is tanh, not " + getActivationFn());
        }
        if (!(getGateActivationFn() instanceof ActivationSigmoid)) {
            throw new IllegalArgumentException(
                    "TbpttLstm is PyTorch's nn.LSTM, whose gates are sigmoid, not " + getGateActivationFn());
        }
    }

    /** For Jackson, which DL4J uses to save and clone configurations. */
    @SuppressWarnings("unused")
    private TbpttLstm() {}

    /**
     * Every field DL4J's builder set, copied from the {@code LSTM} it built: DL4J's classes keep
     * their configuration in fields, and the constructor that takes the builder is private.
     */
    private void copyConfiguration(LSTM built) {
        for (Class<?> c = LSTM.class; c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers())) {
                    continue;
                }
                try {
                    f.setAccessible(true);
                    f.set(this, f.get(built));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException("cannot copy DL4J's LSTM field " + f, e);
                }
            }
        }
    }

    /**
     * PyTorch's {@code nn.LSTM}: the weights and both biases from \( U(\pm 1/\sqrt{h}) \), the one
     * bias of DL4J's layer the sum of two such draws (so no forget-gate bias of 1.0).
     */
    @Override
    public void torchInit(Layer layer) {
        torchInitLstm(layer, getNOut());
    }

    /** {@link #torchInit} for DL4J's own {@code LSTM} too, with {@code h} hidden units. */
    static void torchInitLstm(Layer layer, long h) {
        double bound = 1 / Math.sqrt(h);
        for (String key : List.of(LSTMParamInitializer.INPUT_WEIGHT_KEY, LSTMParamInitializer.RECURRENT_WEIGHT_KEY)) {
            INDArray p = layer.getParam(key);
            p.assign(TorchInit.uniform(bound, p.shape())); // float draws, as PyTorch's; assign converts
        }
        INDArray b = layer.getParam(LSTMParamInitializer.BIAS_KEY);
        b.assign(TorchInit.uniform(bound, b.shape()).addi(TorchInit.uniform(bound, b.shape()))); // b_ih + b_hh
    }

    /** 2: the one bias is {@code nn.LSTM}'s \( b_{ih} + b_{hh} \). */
    @Override
    public int foldedTorchBiases() {
        return 2;
    }

    @Override
    public Layer instantiate(
            NeuralNetConfiguration conf,
            Collection<TrainingListener> trainingListeners,
            int layerIndex,
            INDArray layerParamsView,
            boolean initializeParams,
            DataType networkDataType) {
        if (iDropout != null || rnnDataFormat != RNNFormat.NCW) {
            throw new IllegalArgumentException(
                    "TbpttLstm supports no dropout and only the NCW layout; use DL4J's LSTM for those");
        }
        Impl ret = new Impl(conf, networkDataType);
        ret.setListeners(trainingListeners);
        ret.setIndex(layerIndex);
        ret.setParamsViewArray(layerParamsView);
        Map<String, INDArray> paramTable = initializer().init(conf, layerParamsView, initializeParams);
        ret.setParamTable(paramTable);
        ret.setConf(conf);
        return ret;
    }

    /** The layer itself: DL4J's forward pass, and DL4J's backward pass from the carried state. */
    public static class Impl extends org.deeplearning4j.nn.layers.recurrent.LSTM {
        private static final long serialVersionUID = 1L;

        /** The state \( (H_0, C_0) \) the last training forward pass started from; null for zeros. */
        private transient INDArray h0;

        private transient INDArray c0;

        public Impl(NeuralNetConfiguration conf, DataType dataType) {
            super(conf, dataType);
        }

        @Override
        public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
            h0 = null;
            c0 = null;
            return super.activate(training, workspaceMgr);
        }

        @Override
        public INDArray activate(INDArray input, boolean training, LayerWorkspaceMgr workspaceMgr) {
            h0 = null;
            c0 = null;
            return super.activate(input, training, workspaceMgr);
        }

        /** DL4J's forward pass from the stored state, which this records for the backward pass. */
        @Override
        public INDArray rnnActivateUsingStoredState(
                INDArray input, boolean training, boolean storeLastForTBPTT, LayerWorkspaceMgr workspaceMgr) {
            h0 = detached(tBpttStateMap.get(STATE_KEY_PREV_ACTIVATION)); // replaced by this pass's last step
            c0 = detached(tBpttStateMap.get(STATE_KEY_PREV_MEMCELL));
            return super.rnnActivateUsingStoredState(input, training, storeLastForTBPTT, workspaceMgr);
        }

        /** Kept until the backward pass, so outside the workspaces that close before it. */
        private static INDArray detached(INDArray a) {
            return a == null ? null : a.detach();
        }

        /** The gradient training asks for (M2.1 never calls {@link #tbpttBackpropGradient}). */
        @Override
        public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
            return backpropFromCarriedState(epsilon, workspaceMgr);
        }

        /** The same, through all the minibatch's steps: a shorter backward length is refused. */
        @Override
        public Pair<Gradient, INDArray> tbpttBackpropGradient(
                INDArray epsilon, int tbpttBackwardLength, LayerWorkspaceMgr workspaceMgr) {
            if (tbpttBackwardLength > 0 && tbpttBackwardLength < epsilon.size(2)) {
                throw new UnsupportedOperationException("TbpttLstm back-propagates through every step of the"
                        + " minibatch, not " + tbpttBackwardLength + " of " + epsilon.size(2));
            }
            return backpropFromCarriedState(epsilon, workspaceMgr);
        }

        /**
         * DL4J's {@code LSTM.backpropGradientHelper}, with the forward pass recomputed from the
         * recorded \( (H_0, C_0) \) instead of zeros. No oneDNN or cuDNN helper: M2.1 has none for
         * LSTM on the CPU, and the project ships no CUDA build.
         */
        private Pair<Gradient, INDArray> backpropFromCarriedState(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
            assertInputSet(true);
            INDArray w = getParamWithNoise(LSTMParamInitializer.INPUT_WEIGHT_KEY, true, workspaceMgr);
            INDArray rw = getParamWithNoise(LSTMParamInitializer.RECURRENT_WEIGHT_KEY, true, workspaceMgr);
            INDArray b = getParamWithNoise(LSTMParamInitializer.BIAS_KEY, true, workspaceMgr);
            var gates = layerConf().getGateActivationFn();
            boolean fallback = layerConf().isHelperAllowFallback();
            FwdPassReturn fwdPass = LSTMHelpers.activateHelper(
                    this,
                    conf,
                    gates,
                    input,
                    rw,
                    w,
                    b,
                    true,
                    h0,
                    c0,
                    true, // for backprop: keep every step's gates
                    true, // forwards in time
                    LSTMParamInitializer.INPUT_WEIGHT_KEY,
                    maskArray,
                    false, // no peepholes
                    null,
                    CacheMode.NONE,
                    workspaceMgr,
                    fallback);
            Pair<Gradient, INDArray> p = LSTMHelpers.backpropGradientHelper(
                    this,
                    conf,
                    gates,
                    input,
                    rw,
                    w,
                    epsilon,
                    false, // every step, from the recorded state that fwdPass starts from
                    -1,
                    fwdPass,
                    true,
                    LSTMParamInitializer.INPUT_WEIGHT_KEY,
                    LSTMParamInitializer.RECURRENT_WEIGHT_KEY,
                    LSTMParamInitializer.BIAS_KEY,
                    gradientViews,
                    null,
                    false,
                    null,
                    workspaceMgr,
                    fallback);
            weightNoiseParams.clear();
            p.setSecond(backpropDropOutIfPresent(p.getSecond()));
            return p;
        }
    }
}
