package io.github.d2l4j.common.rnn;

import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;
import static org.nd4j.linalg.indexing.NDArrayIndex.point;

import io.github.d2l4j.common.model.TorchInit;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.params.SimpleRnnParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * DL4J's {@link SimpleRnn}, \( H_t = \tanh(X_t W_{xh} + H_{t-1} W_{hh} + b) \), with its
 * truncated-BPTT gradient fixed for a state carried over from the previous minibatch.
 *
 * <p><b>Why.</b> Chapter 8 trains on sequential minibatches and carries the hidden state from
 * one to the next (the book's {@code state.detach_()}): the forward pass starts from the last
 * state of the previous batch. DL4J does the forward pass that way under {@code
 * BackpropType.TruncatedBPTT} ({@code rnnActivateUsingStoredState}), but M2.1's {@code
 * SimpleRnn.tbpttBackpropGradient} (which its {@code backpropGradient}, the one training calls,
 * runs) recomputes the activations from a <em>zero</em> state, so its
 * gradients belong to a different forward pass than the loss it reports, and \( W_{hh} \) misses
 * the term \( H_0^\top \partial L/\partial Z_1 \). This layer remembers the state each training
 * forward pass started from and back-propagates from it, using the activations of that pass
 * (\( \tanh' = 1 - H^2 \)) instead of recomputing them. Without a carried state (the first batch,
 * or {@code rnnClearPreviousState}) its gradients are DL4J's layer's. {@code
 * TbpttSimpleRnnTest} pins both: the bug in DL4J's layer, and this layer's gradients against
 * finite differences and against the from-scratch RNN.
 *
 * <p>It supports what chapter 8 uses: tanh, no layer normalisation, no masks, no dropout on the
 * input, the NCW layout; it says so when asked for more.
 */
public class TbpttSimpleRnn extends SimpleRnn implements CarriedStateRnn {
    private static final long serialVersionUID = 1L;

    /**
     * The layer that {@code builder} describes, for example {@code new TbpttSimpleRnn(new
     * SimpleRnn.Builder().nIn(28).nOut(256).activation(Activation.TANH))}.
     */
    public TbpttSimpleRnn(SimpleRnn.Builder builder) {
        super(builder);
    }

    /** For Jackson, which DL4J uses to save and clone configurations. */
    @SuppressWarnings("unused")
    private TbpttSimpleRnn() {
        super(new Builder());
    }

    /**
     * PyTorch's {@code nn.RNN}: the weights and both biases (\\( b_{ih} \\) and \\( b_{hh} \\)) from
     * \\( U(\\pm 1/\\sqrt{h}) \\), so the one bias of DL4J's layer is the sum of two such draws.
     */
    @Override
    public void torchInit(Layer layer) {
        torchInitSimpleRnn(layer, getNOut());
    }

    /** {@link #torchInit} for DL4J's own {@code SimpleRnn} too, with {@code h} hidden units. */
    static void torchInitSimpleRnn(Layer layer, long h) {
        double bound = 1 / Math.sqrt(h);
        for (String key :
                List.of(SimpleRnnParamInitializer.WEIGHT_KEY, SimpleRnnParamInitializer.RECURRENT_WEIGHT_KEY)) {
            INDArray p = layer.getParam(key);
            p.assign(TorchInit.uniform(bound, p.shape())); // float draws, as PyTorch's; assign converts
        }
        INDArray b = layer.getParam(SimpleRnnParamInitializer.BIAS_KEY);
        b.assign(TorchInit.uniform(bound, b.shape()).addi(TorchInit.uniform(bound, b.shape()))); // b_ih + b_hh
    }

    /** 2: the one bias is {@code nn.RNN}'s \\( b_{ih} + b_{hh} \\). */
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
        if (hasLayerNorm() || iDropout != null || rnnDataFormat != RNNFormat.NCW) {
            throw new IllegalArgumentException("TbpttSimpleRnn supports no layer norm, no dropout and only the NCW"
                    + " layout; use DL4J's SimpleRnn for those");
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

    /** The layer itself: DL4J's forward pass, and a backward pass from the carried state. */
    public static class Impl extends org.deeplearning4j.nn.layers.recurrent.SimpleRnn {
        private static final long serialVersionUID = 1L;

        /** The state the last training forward pass started from; null for a zero state. */
        private transient INDArray initialState;

        /** The last training forward pass's output, \( H_1, \dots, H_T \), (m, nOut, T). */
        private transient INDArray activations;

        public Impl(NeuralNetConfiguration conf, DataType dataType) {
            super(conf, dataType);
        }

        @Override
        public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
            initialState = null;
            INDArray out = super.activate(training, workspaceMgr);
            activations = training ? out : null;
            return out;
        }

        /**
         * The training forward pass from the stored state: DL4J's arithmetic, with the inputs'
         * products for every time step in one matrix product, \( X W_{xh} + b \), and only \(
         * H_{t-1} W_{hh} \) and tanh step by step.
         */
        @Override
        public INDArray rnnActivateUsingStoredState(
                INDArray input, boolean training, boolean storeLastForTBPTT, LayerWorkspaceMgr workspaceMgr) {
            setInput(input, workspaceMgr);
            INDArray carried = tBpttStateMap.get(STATE_KEY_PREV_ACTIVATION); // replaced by this pass's last step
            // kept until the backward pass, so outside the workspaces that close before it
            initialState = carried == null ? null : carried.detach();
            INDArray out = forward(training, workspaceMgr);
            if (storeLastForTBPTT) {
                tBpttStateMap.put(
                        STATE_KEY_PREV_ACTIVATION,
                        out.get(all(), all(), point(out.size(2) - 1)).detach());
            }
            activations = training ? out : null;
            return out;
        }

        /** \( H_t = \tanh(X_t W_{xh} + H_{t-1} W_{hh} + b) \) from {@link #initialState}, (m, nOut, T). */
        private INDArray forward(boolean training, LayerWorkspaceMgr workspaceMgr) {
            if (maskArray != null) {
                throw new UnsupportedOperationException("TbpttSimpleRnn: masks are not supported");
            }
            INDArray w = getParamWithNoise(SimpleRnnParamInitializer.WEIGHT_KEY, training, workspaceMgr);
            INDArray rw = getParamWithNoise(SimpleRnnParamInitializer.RECURRENT_WEIGHT_KEY, training, workspaceMgr);
            INDArray b = getParamWithNoise(SimpleRnnParamInitializer.BIAS_KEY, training, workspaceMgr);
            long m = input.size(0);
            long steps = input.size(2);
            INDArray h = timeMajor(input.castTo(dataType), 0, steps).mmul(w).addiRowVector(b); // X_t W_xh + b
            INDArray prev = initialState == null ? null : initialState.castTo(dataType);
            for (long t = 0; t < steps; t++) {
                INDArray ht = h.get(interval(t * m, (t + 1) * m), all());
                if (prev != null) {
                    Nd4j.gemm(prev, rw, ht, false, false, 1.0, 1.0);
                }
                layerConf().getActivationFn().getActivation(ht, training); // in place
                prev = ht;
            }
            INDArray out = workspaceMgr.create(ArrayType.ACTIVATIONS, dataType, new long[] {m, rw.size(0), steps}, 'f');
            return out.assign(h.reshape('c', steps, m, rw.size(0)).permute(1, 2, 0));
        }

        /**
         * Back-propagation through the time steps of the minibatch, from the activations of the
         * forward pass (which DL4J's layer recomputes, from zeros): \( \tanh'(Z_t) = 1 - H_t^2 \),
         * and the carried state's share of \( W_{hh} \)'s gradient at the first step.
         */
        @Override
        public Pair<Gradient, INDArray> tbpttBackpropGradient(
                INDArray epsilon, int tbpttBackLength, LayerWorkspaceMgr workspaceMgr) {
            assertInputSet(true);
            if (maskArray != null
                    || activations == null
                    || !(layerConf().getActivationFn() instanceof ActivationTanH)) {
                throw new UnsupportedOperationException(
                        "TbpttSimpleRnn back-propagates tanh layers without masks," + " after a training forward pass");
            }
            INDArray w = getParamWithNoise(SimpleRnnParamInitializer.WEIGHT_KEY, true, workspaceMgr);
            INDArray rw = getParamWithNoise(SimpleRnnParamInitializer.RECURRENT_WEIGHT_KEY, true, workspaceMgr);
            INDArray wg = gradientViews.get(SimpleRnnParamInitializer.WEIGHT_KEY);
            INDArray rwg = gradientViews.get(SimpleRnnParamInitializer.RECURRENT_WEIGHT_KEY);
            INDArray bg = gradientViews.get(SimpleRnnParamInitializer.BIAS_KEY);
            gradientsFlattened.assign(0);
            long m = input.size(0);
            long steps = input.size(2);
            long from = tbpttBackLength > 0 ? Math.max(0, steps - tbpttBackLength) : 0;
            long k = steps - from; // the steps back-propagated through
            // Time-major copies, (k * m, features): step t's rows are one contiguous block, so that
            // the products over all steps below are one matrix product each.
            INDArray x = timeMajor(input.castTo(dataType), from, steps);
            INDArray h = timeMajor(activations, from, steps); // H_t
            INDArray dz = timeMajor(epsilon, from, steps); // dL/dH_t from above, becoming dL/dZ_t
            INDArray tanhPrime = h.mul(h).rsubi(1); // tanh'(Z_t) = 1 - H_t^2, every step at once
            // The one sequential part: dL/dZ_t = (dL/dH_t + dL/dZ_{t+1} W_hh^T) * tanh'(Z_t)
            INDArray next = null;
            for (long t = k - 1; t >= 0; t--) {
                INDArray dzt = dz.get(interval(t * m, (t + 1) * m), all());
                if (next != null) {
                    Nd4j.gemm(next, rw, dzt, false, true, 1.0, 1.0);
                }
                dzt.muli(tanhPrime.get(interval(t * m, (t + 1) * m), all()));
                next = dzt;
            }
            Nd4j.gemm(x, dz, wg, true, false, 1.0, 0.0); // sum over steps of X_t^T dZ_t
            bg.assign(dz.sum(0).reshape(bg.shape()));
            if (k > 1) { // sum over steps of H_{t-1}^T dZ_t
                Nd4j.gemm(
                        h.get(interval(0, (k - 1) * m), all()),
                        dz.get(interval(m, k * m), all()),
                        rwg,
                        true,
                        false,
                        1.0,
                        0.0);
            }
            if (from == 0 && initialState != null) { // the carried state's share of W_hh's gradient
                Nd4j.gemm(initialState.castTo(dataType), dz.get(interval(0, m), all()), rwg, true, false, 1.0, 1.0);
            }
            INDArray epsOut = workspaceMgr.create(ArrayType.ACTIVATION_GRAD, dataType, input.shape(), 'f');
            INDArray dx = dz.mmul(w.transpose()); // (k * m, nIn): dL/dX_t = dZ_t W_xh^T
            epsOut.get(all(), all(), interval(from, steps))
                    .assign(dx.reshape('c', k, m, input.size(1)).permute(1, 2, 0));
            weightNoiseParams.clear();
            Gradient grad = new DefaultGradient(gradientsFlattened);
            grad.gradientForVariable().put(SimpleRnnParamInitializer.WEIGHT_KEY, wg);
            grad.gradientForVariable().put(SimpleRnnParamInitializer.RECURRENT_WEIGHT_KEY, rwg);
            grad.gradientForVariable().put(SimpleRnnParamInitializer.BIAS_KEY, bg);
            return new Pair<>(grad, epsOut);
        }

        /** (m, features, steps) to (steps * m, features), steps {@code from} to {@code to}, copied. */
        private static INDArray timeMajor(INDArray ncw, long from, long to) {
            INDArray part = ncw.get(all(), all(), interval(from, to));
            return part.permute(2, 0, 1).dup('c').reshape('c', (to - from) * ncw.size(0), ncw.size(1));
        }
    }
}
