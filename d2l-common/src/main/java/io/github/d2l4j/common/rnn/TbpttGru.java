package io.github.d2l4j.common.rnn;

import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;
import static org.nd4j.linalg.indexing.NDArrayIndex.point;

import io.github.d2l4j.common.model.TorchInit;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.recurrent.BaseRecurrentLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * A gated recurrent unit layer for DL4J that computes PyTorch's {@code nn.GRU} exactly, for the
 * book's {@code nn.GRU(len(vocab), num_hiddens)}: with \( h \) hidden units, at every step
 *
 * <p>\( R_t = \sigma(X_t W_{ir} + b_{ir} + H_{t-1} W_{hr} + b_{hr}) \), \( Z_t = \sigma(X_t W_{iz}
 * + b_{iz} + H_{t-1} W_{hz} + b_{hz}) \), \( N_t = \tanh(X_t W_{in} + b_{in} + R_t \odot (H_{t-1}
 * W_{hn} + b_{hn})) \), \( H_t = (1 - Z_t) \odot N_t + Z_t \odot H_{t-1} \).
 *
 * <p>The reset gate multiplies \( H_{t-1} W_{hn} + b_{hn} \), after the product, where the book's
 * from-scratch {@code gru} multiplies \( H_{t-1} \) before it: PyTorch's layer, which 9.1's concise
 * half uses, has the first form. The parameters are PyTorch's, in its gate order r, z, n along the
 * columns: {@code "W"} \( (n_{in}, 3h) \) (\( W_{ih}^\top \)), {@code "RW"} \( (h, 3h) \) (\(
 * W_{hh}^\top \)), and its two biases kept apart, {@code "b"} \( (1, 3h) \) (\( b_{ih} \)) and
 * {@code "bhh"} \( (1, 3h) \) (\( b_{hh} \)): \( b_{hn} \) sits inside the reset gate, so it cannot
 * be folded into \( b_{in} \), and with both vectors the layer has {@code nn.GRU}'s parameter count
 * and SGD moves each bias as PyTorch does.
 *
 * <p><b>Why not SameDiff.</b> DL4J 1.0.0-M2.1 has no GRU layer. Its {@code SameDiffLayer} is a
 * feed-forward layer: it implements none of {@code RecurrentLayer}'s stored-state methods ({@code
 * rnnTimeStep}, the truncated-BPTT state), which chapter 8's training loop and generation need; and
 * ND4J's {@code gru} op computes the "Cho" form with one bias, \( \tanh(X W_{xc} + (R \odot H)
 * W_{hc} + b_c) \), not {@code nn.GRU}. So the layer is written like {@link TbpttSimpleRnn}: a
 * forward pass in ND4J ops, with the inputs' products for every time step in one matrix product,
 * \( X W + b_{ih} \), and only \( H_{t-1} W_{hh} \) and the gates step by step; and a backward
 * pass from the forward pass's stored \( R, Z, N, H \). Its test holds both to a GRU written in
 * SameDiff from elementary ops, whose automatic gradients it must match, and to central
 * differences.
 *
 * <p><b>The state across minibatches.</b> Under {@code BackpropType.TruncatedBPTT} the forward
 * pass starts from the state the previous minibatch ended in (the book's {@code state.detach_()}),
 * and the backward pass starts from that same state, as {@link CarriedStateRnn} promises; M2.1
 * calls {@code backpropGradient} during training, so both it and {@code tbpttBackpropGradient}
 * run this backward pass. Generation uses {@code rnnTimeStep}, with its own state.
 *
 * <p>It supports what the book uses: the NCW layout, no masks, no dropout on the input, no layer
 * normalisation, and it says so when asked for more. The layer's activation is tanh and its gates
 * sigmoid, as {@code nn.GRU}'s (a builder's activation other than tanh is refused).
 *
 * <p>Defined in D2L §9.1.
 */
public class TbpttGru extends SimpleRnn implements CarriedStateRnn {
    private static final long serialVersionUID = 1L;

    /** The input weight \( W_{ih}^\top \), (nIn, 3h), gates r, z, n. */
    public static final String WEIGHT_KEY = "W";
    /** The recurrent weight \( W_{hh}^\top \), (h, 3h). */
    public static final String RECURRENT_WEIGHT_KEY = "RW";
    /** PyTorch's input bias \( b_{ih} \), (1, 3h). */
    public static final String BIAS_KEY = "b";
    /** PyTorch's recurrent bias \( b_{hh} \), (1, 3h). */
    public static final String RECURRENT_BIAS_KEY = "bhh";
    /** The key of the state in {@code rnnGetPreviousState} and the truncated-BPTT state: \( H \), (m, h). */
    public static final String STATE_KEY = org.deeplearning4j.nn.layers.recurrent.SimpleRnn.STATE_KEY_PREV_ACTIVATION;

    /**
     * The layer that {@code builder} describes, for example {@code new TbpttGru(new
     * SimpleRnn.Builder().nIn(28).nOut(256))}: {@code nIn} inputs, {@code nOut} hidden units.
     */
    public TbpttGru(SimpleRnn.Builder builder) {
        super(builder);
        if (getActivationFn() == null) { // nn.GRU's; DL4J's global default would be sigmoid
            setActivationFn(new ActivationTanH());
        }
    }

    /** For Jackson, which DL4J uses to save and clone configurations. */
    @SuppressWarnings("unused")
    private TbpttGru() {
        this(new SimpleRnn.Builder());
    }

    /**
     * PyTorch's {@code nn.GRU}: every weight and both biases from \( U(\pm 1/\sqrt{h}) \), float
     * draws as PyTorch's, from ND4J's random generator.
     */
    @Override
    public void torchInit(Layer layer) {
        double bound = 1 / Math.sqrt(getNOut());
        for (String key : List.of(WEIGHT_KEY, RECURRENT_WEIGHT_KEY, BIAS_KEY, RECURRENT_BIAS_KEY)) {
            INDArray p = layer.getParam(key);
            p.assign(TorchInit.uniform(bound, p.shape())); // assign converts to the network's type
        }
    }

    @Override
    public ParamInitializer initializer() {
        return Params.INSTANCE;
    }

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(
            NeuralNetConfiguration conf,
            Collection<TrainingListener> trainingListeners,
            int layerIndex,
            INDArray layerParamsView,
            boolean initializeParams,
            DataType networkDataType) {
        if (getNIn() <= 0 || getNOut() <= 0) {
            throw new IllegalArgumentException("TbpttGru (layer " + layerIndex + ") needs nIn and nOut set, got nIn="
                    + getNIn() + ", nOut=" + getNOut());
        }
        if (hasLayerNorm() || iDropout != null || weightNoise != null || rnnDataFormat != RNNFormat.NCW) {
            throw new IllegalArgumentException("TbpttGru supports no layer norm (hasLayerNorm=" + hasLayerNorm()
                    + "), no dropout (" + iDropout + "), no weight noise (" + weightNoise
                    + ") and only the NCW layout (" + rnnDataFormat + ")");
        }
        if (!(getActivationFn() instanceof ActivationTanH)) {
            throw new IllegalArgumentException(
                    "TbpttGru is nn.GRU, with tanh and sigmoid gates; got activation " + getActivationFn());
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

    /**
     * The four parameters in one flat view, W, RW, b, bhh, each weight in DL4J's 'f' order. DL4J's
     * own initialisation (its weight init for W and RW, its bias init for both biases) until {@link
     * #torchInit} replaces it.
     */
    static final class Params implements ParamInitializer {
        static final Params INSTANCE = new Params();
        private static final List<String> KEYS =
                List.of(WEIGHT_KEY, RECURRENT_WEIGHT_KEY, BIAS_KEY, RECURRENT_BIAS_KEY);

        @Override
        public long numParams(NeuralNetConfiguration conf) {
            return numParams(conf.getLayer());
        }

        @Override
        public long numParams(org.deeplearning4j.nn.conf.layers.Layer layer) {
            SimpleRnn c = (SimpleRnn) layer;
            long gates = 3 * c.getNOut();
            return c.getNIn() * gates + c.getNOut() * gates + 2 * gates;
        }

        @Override
        public List<String> paramKeys(org.deeplearning4j.nn.conf.layers.Layer layer) {
            return KEYS;
        }

        @Override
        public List<String> weightKeys(org.deeplearning4j.nn.conf.layers.Layer layer) {
            return List.of(WEIGHT_KEY, RECURRENT_WEIGHT_KEY);
        }

        @Override
        public List<String> biasKeys(org.deeplearning4j.nn.conf.layers.Layer layer) {
            return List.of(BIAS_KEY, RECURRENT_BIAS_KEY);
        }

        @Override
        public boolean isWeightParam(org.deeplearning4j.nn.conf.layers.Layer layer, String key) {
            return WEIGHT_KEY.equals(key) || RECURRENT_WEIGHT_KEY.equals(key);
        }

        @Override
        public boolean isBiasParam(org.deeplearning4j.nn.conf.layers.Layer layer, String key) {
            return BIAS_KEY.equals(key) || RECURRENT_BIAS_KEY.equals(key);
        }

        @Override
        public Map<String, INDArray> init(NeuralNetConfiguration conf, INDArray paramsView, boolean initializeParams) {
            SimpleRnn c = (SimpleRnn) conf.getLayer();
            Map<String, INDArray> m = views(paramsView, c.getNIn(), c.getNOut());
            if (initializeParams) {
                long nIn = c.getNIn();
                long gates = 3 * c.getNOut();
                c.getWeightInitFn().init(nIn, gates, new long[] {nIn, gates}, 'f', m.get(WEIGHT_KEY));
                var rwInit = c.getWeightInitFnRecurrent() != null ? c.getWeightInitFnRecurrent() : c.getWeightInitFn();
                rwInit.init(c.getNOut(), gates, new long[] {c.getNOut(), gates}, 'f', m.get(RECURRENT_WEIGHT_KEY));
                m.get(BIAS_KEY).assign(c.getBiasInit());
                m.get(RECURRENT_BIAS_KEY).assign(c.getBiasInit());
            }
            KEYS.forEach(conf::addVariable);
            return m;
        }

        @Override
        public Map<String, INDArray> getGradientsFromFlattened(NeuralNetConfiguration conf, INDArray gradientView) {
            SimpleRnn c = (SimpleRnn) conf.getLayer();
            return views(gradientView, c.getNIn(), c.getNOut());
        }

        private static Map<String, INDArray> views(INDArray flat, long nIn, long h) {
            INDArray f = flat.reshape(flat.length());
            long gates = 3 * h;
            long pos = 0;
            Map<String, INDArray> m = new LinkedHashMap<>();
            m.put(WEIGHT_KEY, f.get(interval(pos, pos += nIn * gates)).reshape('f', nIn, gates));
            m.put(RECURRENT_WEIGHT_KEY, f.get(interval(pos, pos += h * gates)).reshape('f', h, gates));
            m.put(BIAS_KEY, f.get(interval(pos, pos += gates)).reshape(1, gates));
            m.put(RECURRENT_BIAS_KEY, f.get(interval(pos, pos + gates)).reshape(1, gates));
            return m;
        }
    }

    /** The layer itself: the forward pass from a given state, and the backward pass from it. */
    public static class Impl extends BaseRecurrentLayer<TbpttGru> {
        private static final long serialVersionUID = 1L;

        /** The state the last training forward pass started from; null for a zero state. */
        private transient INDArray initialState;

        /** What the last training forward pass computed, for the backward pass; null after inference. */
        private transient Cache cache;

        public Impl(NeuralNetConfiguration conf, DataType dataType) {
            super(conf, dataType);
        }

        @Override
        public Type type() {
            return Type.RECURRENT;
        }

        @Override
        public boolean isPretrainLayer() {
            return false;
        }

        @Override
        public void setMaskArray(INDArray maskArray) {
            if (maskArray != null) {
                throw new IllegalArgumentException("TbpttGru supports no masks, got a mask of shape "
                        + java.util.Arrays.toString(maskArray.shape()));
            }
            super.setMaskArray(null);
        }

        @Override
        public Pair<INDArray, org.deeplearning4j.nn.api.MaskState> feedForwardMaskArray(
                INDArray maskArray, org.deeplearning4j.nn.api.MaskState currentMaskState, int minibatchSize) {
            setMaskArray(maskArray);
            return new Pair<>(null, currentMaskState);
        }

        /** The forward pass from a zero state. */
        @Override
        public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
            initialState = null;
            return forward(null, training, workspaceMgr);
        }

        /** Generation: the forward pass from {@code rnnTimeStep}'s stored state, which moves on to the last step. */
        @Override
        public INDArray rnnTimeStep(INDArray input, LayerWorkspaceMgr workspaceMgr) {
            setInput(input, workspaceMgr);
            INDArray out = forward(stateMap.get(STATE_KEY), false, workspaceMgr);
            stateMap.put(STATE_KEY, lastStep(out));
            return out;
        }

        /** Training under truncated BPTT: the forward pass from the state the previous minibatch ended in. */
        @Override
        public INDArray rnnActivateUsingStoredState(
                INDArray input, boolean training, boolean storeLastForTBPTT, LayerWorkspaceMgr workspaceMgr) {
            setInput(input, workspaceMgr);
            INDArray carried = tBpttStateMap.get(STATE_KEY); // replaced by this pass's last step
            initialState = carried == null ? null : carried.detach(); // kept until the backward pass
            INDArray out = forward(initialState, training, workspaceMgr);
            if (storeLastForTBPTT) {
                tBpttStateMap.put(STATE_KEY, lastStep(out));
            }
            return out;
        }

        private static INDArray lastStep(INDArray out) {
            return out.get(all(), all(), point(out.size(2) - 1)).detach(); // a copy outside the workspaces
        }

        /**
         * \( H_1, \dots, H_T \), (m, h, T), from \( H_0 \) = {@code h0} (null: zeros). Inside, every
         * array is time-major, (T * m, features), so that a step is a block of contiguous rows.
         */
        private INDArray forward(INDArray h0, boolean training, LayerWorkspaceMgr workspaceMgr) {
            assertInputSet(false);
            INDArray x = requireInput();
            long m = x.size(0);
            long steps = x.size(2);
            long h = layerConf().getNOut();
            if (h0 != null && (h0.rank() != 2 || h0.size(0) != m || h0.size(1) != h)) {
                throw new IllegalArgumentException("TbpttGru: the state has shape "
                        + java.util.Arrays.toString(h0.shape()) + " but the input needs (" + m + ", " + h
                        + "): a different batch size? clear the state first");
            }
            INDArray w = getParamWithNoise(WEIGHT_KEY, training, workspaceMgr);
            INDArray rw = getParamWithNoise(RECURRENT_WEIGHT_KEY, training, workspaceMgr);
            INDArray bih = getParamWithNoise(BIAS_KEY, training, workspaceMgr);
            INDArray bhh = getParamWithNoise(RECURRENT_BIAS_KEY, training, workspaceMgr);
            Cache c = training ? reuse(m, steps, h) : new Cache(dataType, m, steps, h);
            cache = training ? c : null;
            Nd4j.gemm(timeMajor(x, 0, steps), w, c.gi, false, false, 1.0, 0.0); // X_t W_i for every step
            c.gi.addiRowVector(bih);
            c.gh.assign(0).addiRowVector(bhh); // + H_{t-1} W_h, step by step below
            INDArray prev = h0 == null ? null : h0.castTo(dataType);
            for (long t = 0; t < steps; t++) {
                INDArrayIndex rows = interval(t * m, (t + 1) * m);
                INDArray gi = c.gi.get(rows, all());
                INDArray gh = c.gh.get(rows, all());
                if (prev != null) {
                    Nd4j.gemm(prev, rw, gh, false, false, 1.0, 1.0);
                }
                INDArray r = c.r.get(rows, all()).assign(gate(gi, 0, h)).addi(gate(gh, 0, h));
                Transforms.sigmoid(r, false);
                INDArray z = c.z.get(rows, all()).assign(gate(gi, 1, h)).addi(gate(gh, 1, h));
                Transforms.sigmoid(z, false);
                INDArray n = c.n.get(rows, all()).assign(gate(gh, 2, h)).muli(r).addi(gate(gi, 2, h));
                Transforms.tanh(n, false);
                INDArray ht = c.h.get(rows, all());
                if (prev != null) {
                    ht.assign(prev).subi(n).muli(z).addi(n); // N + Z (H_{t-1} - N)
                } else {
                    ht.assign(z).rsubi(1).muli(n); // (1 - Z) N
                }
                prev = ht;
            }
            INDArray out = workspaceMgr.create(ArrayType.ACTIVATIONS, dataType, new long[] {m, h, steps}, 'f');
            return out.assign(c.h.reshape('c', steps, m, h).permute(1, 2, 0));
        }

        private INDArray requireInput() {
            if (input.rank() != 3 || input.size(1) != layerConf().getNIn()) {
                throw new IllegalArgumentException("TbpttGru expects input (batch, "
                        + layerConf().getNIn() + ", steps), got " + java.util.Arrays.toString(input.shape()));
            }
            return input.castTo(dataType);
        }

        /** Gate {@code g} (0 r, 1 z, 2 n) of a (rows, 3h) array: a view of its columns. */
        private static INDArray gate(INDArray a, int g, long h) {
            return a.get(all(), interval(g * h, (g + 1) * h));
        }

        private Cache reuse(long m, long steps, long h) {
            if (cache == null || !cache.fits(dataType, m, steps)) {
                cache = new Cache(dataType, m, steps, h);
            }
            return cache;
        }

        @Override
        public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
            return tbpttBackpropGradient(epsilon, -1, workspaceMgr);
        }

        /**
         * Back-propagation through the last {@code tbpttBackLength} steps (all when not positive),
         * from the state the forward pass started from. The factors that depend on the forward pass
         * alone are computed for every step at once; only \( \partial L / \partial H_t \), which
         * the next step sends back through \( W_{hh} \) and \( Z \), goes step by step.
         */
        @Override
        public Pair<Gradient, INDArray> tbpttBackpropGradient(
                INDArray epsilon, int tbpttBackLength, LayerWorkspaceMgr workspaceMgr) {
            assertInputSet(true);
            INDArray x = requireInput();
            long m = x.size(0);
            long steps = x.size(2);
            long h = layerConf().getNOut();
            Cache c = cache;
            if (c == null || !c.fits(dataType, m, steps)) {
                throw new IllegalStateException("TbpttGru back-propagates after a training forward pass of the same"
                        + " input; there was none");
            }
            INDArray rw = getParamWithNoise(RECURRENT_WEIGHT_KEY, true, workspaceMgr);
            INDArray w = getParamWithNoise(WEIGHT_KEY, true, workspaceMgr);
            long from = tbpttBackLength > 0 ? Math.max(0, steps - tbpttBackLength) : 0;
            long k = steps - from; // the steps back-propagated through
            INDArrayIndex kept = interval(from * m, steps * m);
            INDArray r = c.r.get(kept, all());
            INDArray z = c.z.get(kept, all());
            INDArray n = c.n.get(kept, all());
            INDArray hn = gate(c.gh.get(kept, all()), 2, h); // H_{t-1} W_hn + b_hn
            INDArray hPrev = Nd4j.create(dataType, k * m, h); // H_{t-1}, zeros before a zero state
            if (from > 0) {
                hPrev.get(interval(0, m), all()).assign(c.h.get(interval((from - 1) * m, from * m), all()));
            } else if (initialState != null) {
                hPrev.get(interval(0, m), all()).assign(initialState);
            }
            if (k > 1) {
                hPrev.get(interval(m, k * m), all()).assign(c.h.get(interval(from * m, (steps - 1) * m), all()));
            }
            // Per unit of dL/dH_t: dL/d(n's pre-activation) = (1 - N^2)(1 - Z), dL/d(z's) = (H_{t-1} - N) Z (1 - Z),
            // and dL/d(r's) = dL/d(n's) (H_{t-1} W_hn + b_hn) R (1 - R)
            INDArray oneMinusZ = z.rsub(1);
            INDArray dnFactor = n.mul(n).rsubi(1).muli(oneMinusZ);
            INDArray dzFactor = hPrev.sub(n).muli(z).muli(oneMinusZ);
            INDArray drFactor = r.rsub(1).muli(r).muli(hn);
            INDArray dh = timeMajor(epsilon, from, steps); // dL/dH_t from above, then from step t + 1 too
            INDArray dgi = Nd4j.create(dataType, k * m, 3 * h); // dL/d(X_t W_i + b_ih)
            INDArray dgh = Nd4j.create(dataType, k * m, 3 * h); // dL/d(H_{t-1} W_h + b_hh)
            INDArray carried = Nd4j.create(dataType, m, h);
            for (long t = k - 1; t >= 0; t--) {
                INDArrayIndex rows = interval(t * m, (t + 1) * m);
                INDArray dht = dh.get(rows, all());
                INDArray gi = dgi.get(rows, all());
                INDArray gh = dgh.get(rows, all());
                INDArray dn = gate(gi, 2, h).assign(dht).muli(dnFactor.get(rows, all()));
                gate(gi, 1, h).assign(dht).muli(dzFactor.get(rows, all()));
                gate(gi, 0, h).assign(dn).muli(drFactor.get(rows, all()));
                gh.get(all(), interval(0, 2 * h)).assign(gi.get(all(), interval(0, 2 * h)));
                gate(gh, 2, h).assign(dn).muli(r.get(rows, all()));
                if (t > 0) { // dL/dH_{t-1} += dL/dH_t Z_t + dL/d(H_{t-1} W_h) W_h^T
                    INDArray dhPrev = dh.get(interval((t - 1) * m, t * m), all());
                    dhPrev.addi(carried.assign(dht).muli(z.get(rows, all())));
                    Nd4j.gemm(gh, rw, dhPrev, false, true, 1.0, 1.0);
                }
            }
            INDArray wg = gradientViews.get(WEIGHT_KEY);
            INDArray rwg = gradientViews.get(RECURRENT_WEIGHT_KEY);
            INDArray bg = gradientViews.get(BIAS_KEY);
            INDArray bhg = gradientViews.get(RECURRENT_BIAS_KEY);
            Nd4j.gemm(timeMajor(x, from, steps), dgi, wg, true, false, 1.0, 0.0); // sum over steps of X_t^T dG_i
            Nd4j.gemm(hPrev, dgh, rwg, true, false, 1.0, 0.0); // sum over steps of H_{t-1}^T dG_h
            bg.assign(dgi.sum(0).reshape(bg.shape()));
            bhg.assign(dgh.sum(0).reshape(bhg.shape()));
            INDArray epsOut = workspaceMgr.create(ArrayType.ACTIVATION_GRAD, dataType, x.shape(), 'f');
            INDArray dx = dgi.mmul(w.transpose()); // (k * m, nIn): dL/dX_t = dG_i W_i^T
            epsOut.get(all(), all(), interval(from, steps))
                    .assign(dx.reshape('c', k, m, x.size(1)).permute(1, 2, 0));
            weightNoiseParams.clear();
            Gradient grad = new DefaultGradient(gradientsFlattened);
            grad.gradientForVariable().put(WEIGHT_KEY, wg);
            grad.gradientForVariable().put(RECURRENT_WEIGHT_KEY, rwg);
            grad.gradientForVariable().put(BIAS_KEY, bg);
            grad.gradientForVariable().put(RECURRENT_BIAS_KEY, bhg);
            return new Pair<>(grad, epsOut);
        }

        /** (m, features, steps) to (steps * m, features), steps {@code from} to {@code to}, copied. */
        private static INDArray timeMajor(INDArray ncw, long from, long to) {
            INDArray part = ncw.get(all(), all(), interval(from, to));
            return part.permute(2, 0, 1).dup('c').reshape('c', (to - from) * ncw.size(0), ncw.size(1));
        }
    }

    /**
     * A training forward pass's arrays, time-major (T * m, ...): {@code gi} = \( X_t W_i + b_{ih}
     * \), {@code gh} = \( H_{t-1} W_h + b_{hh} \), the gates R, Z, N and the states H. Outside
     * DL4J's workspaces, since they must outlive the forward pass, and reused from one minibatch
     * to the next of the same shape.
     */
    private static final class Cache {
        final DataType type;
        final long m;
        final long steps;
        final INDArray gi;
        final INDArray gh;
        final INDArray r;
        final INDArray z;
        final INDArray n;
        final INDArray h;

        Cache(DataType type, long m, long steps, long hidden) {
            this.type = type;
            this.m = m;
            this.steps = steps;
            MemoryWorkspace scope = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces();
            try {
                gi = Nd4j.create(type, steps * m, 3 * hidden);
                gh = Nd4j.create(type, steps * m, 3 * hidden);
                r = Nd4j.create(type, steps * m, hidden);
                z = Nd4j.create(type, steps * m, hidden);
                n = Nd4j.create(type, steps * m, hidden);
                h = Nd4j.create(type, steps * m, hidden);
            } finally {
                scope.close();
            }
        }

        boolean fits(DataType type, long m, long steps) {
            return this.type == type && this.m == m && this.steps == steps;
        }
    }
}
