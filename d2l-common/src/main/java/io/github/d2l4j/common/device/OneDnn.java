package io.github.d2l4j.common.device;

import java.lang.reflect.Field;
import java.util.Map;
import java.util.function.Function;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.LayerHelper;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.layers.convolution.subsampling.SubsamplingLayer;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNBatchNormHelper;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNConvHelper;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNSubsamplingHelper;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * oneDNN for DL4J's convolution, subsampling and batch-normalisation layers, which DL4J M2.1
 * leaves on its slow Java im2col path even when ND4J's native library has oneDNN.
 *
 * <p><b>The DL4J M2.1 bug.</b> A layer gets its oneDNN helper ({@code MKLDNNConvHelper} and
 * friends) from {@code HelperUtils.createHelper} while it is built, behind two gates:
 *
 * <ol>
 *   <li>the system property {@code org.eclipse.deeplearning4j.helpers.disable}, which defaults to
 *       "true";
 *   <li>the helper's {@code checkSupported()}, that is {@code BaseMKLDNNHelper.mklDnnEnabled()},
 *       which looks up {@code org.nd4j.nativeblas.Nd4jCpu$Environment#isUseMKLDNN} by reflection.
 *       ND4J M2.1 renamed it to {@code
 *       org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu$Environment#isUseONEDNN}, so the lookup
 *       always fails and every helper reports "unsupported".
 * </ol>
 *
 * <p>{@link #layerHelpers} answers the second gate's question correctly (is this the CPU backend,
 * with oneDNN linked into {@code libnd4jcpu} and switched on, and helpers allowed?) and, where the
 * answer is yes, gives each layer the helper DL4J itself would have given it, after {@code
 * init()}. Which layer gets which helper is DL4J's own pairing, and only for the three layer
 * classes themselves, not their subclasses (1D, depthwise, separable, deconvolution), which the
 * tests do not cover. The helpers check each call themselves and hand back to the built-in path
 * for what they do not support (PNORM pooling, non-float data). On CUDA, or on an {@code
 * nd4j-native} build without oneDNN, nothing is changed.
 *
 * <p><b>A second M2.1 bug, found here.</b> For average pooling that counts padding in the divisor
 * (PyTorch's default, {@code avgPoolIncludePadInDivisor(true)}) over a padded input, the
 * subsampling helper's forward pass is right but its backward pass is not: {@code OneDnnTest}
 * measured gradients off by up to 0.2 against the built-in path, which finite differences confirm.
 * The fault is in libnd4j's {@code avgpool2d_bp} op, which the helper calls: SameDiff's average
 * pool with padding counted ({@code extra = 1}) has the same wrong gradient in double precision,
 * where oneDNN takes no part, on the default build as on the oneDNN one. Such a layer keeps
 * DL4J's built-in path ({@link #helperFits}); without padding (LeNet's pools), or with padding
 * left out of the divisor, the helper agrees to 1e-6.
 *
 * <p>Everything here is per network and per layer; no global switch is touched, so the first gate
 * stays as the user set it and DL4J's cuDNN lookups on CUDA are unaffected.
 */
public final class OneDnn {
    private OneDnn() {}

    /** DL4J's pairing of layer class and oneDNN helper (each layer's {@code initializeHelper}). */
    private static final Map<Class<?>, Function<DataType, LayerHelper>> HELPERS = Map.of(
            ConvolutionLayer.class, MKLDNNConvHelper::new,
            SubsamplingLayer.class, MKLDNNSubsamplingHelper::new,
            BatchNormalization.class, MKLDNNBatchNormHelper::new);

    private static volatile Boolean inUse;

    /**
     * Whether ND4J runs its convolution ops on oneDNN: the CPU backend, a native library built with
     * oneDNN ({@code HAVE_ONEDNN} in its build info), oneDNN switched on in its environment, and
     * platform helpers allowed. Answered once per JVM.
     */
    public static boolean inUse() {
        if (inUse == null) {
            inUse = !Devices.isCuda()
                    && NativeOpsHolder.getInstance()
                            .getDeviceNativeOps()
                            .buildInfo()
                            .contains("HAVE_ONEDNN")
                    && Nd4j.getEnvironment().helpersAllowed()
                    && environmentUsesOneDnn();
        }
        return inUse;
    }

    /** The check DL4J meant to make, on the class's M2.1 name. */
    private static boolean environmentUsesOneDnn() {
        try {
            Class<?> environment = Class.forName("org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu$Environment");
            Object instance = environment.getMethod("getInstance").invoke(null);
            return (Boolean) environment.getMethod("isUseONEDNN").invoke(instance);
        } catch (ReflectiveOperationException | LinkageError e) {
            return false; // not nd4j-native (CUDA), or a renamed class again: stay on the built-in path
        }
    }

    /**
     * Gives the convolution, subsampling and batch-normalisation layers of an initialised network
     * their oneDNN helpers, where {@link #inUse()}; a layer that already has a helper keeps it.
     *
     * @return {@code net}, for chaining after {@code init()}
     */
    public static MultiLayerNetwork layerHelpers(MultiLayerNetwork net) {
        requireInitialised(net.getLayers(), "MultiLayerNetwork");
        addHelpers(net.getLayers(), net.getLayerWiseConfigurations().getDataType());
        return net;
    }

    /** {@link #layerHelpers(MultiLayerNetwork)} for a {@code ComputationGraph}. */
    public static ComputationGraph layerHelpers(ComputationGraph net) {
        requireInitialised(net.getLayers(), "ComputationGraph");
        addHelpers(net.getLayers(), net.getConfiguration().getDataType());
        return net;
    }

    private static void requireInitialised(Layer[] layers, String what) {
        if (layers == null) {
            throw new IllegalStateException("OneDnn.layerHelpers: call init() on the " + what + " first");
        }
    }

    private static void addHelpers(Layer[] layers, DataType dataType) {
        if (!inUse()) {
            return;
        }
        for (Layer layer : layers) {
            Function<DataType, LayerHelper> helper = HELPERS.get(layer.getClass());
            if (helper != null && layer.getHelper() == null && helperFits(layer)) {
                setHelper(layer, helper.apply(dataType));
            }
        }
    }

    /**
     * False for an average pool that counts padding over a padded input, whose oneDNN backward pass
     * is wrong in M2.1 (see above); true otherwise.
     */
    static boolean helperFits(Layer layer) {
        if (layer.conf().getLayer() instanceof org.deeplearning4j.nn.conf.layers.SubsamplingLayer pool
                && pool.getPoolingType() == PoolingType.AVG
                && pool.isAvgPoolIncludePadInDivisor()) {
            boolean padded = pool.getConvolutionMode() == ConvolutionMode.Same
                    || pool.getPadding()[0] > 0
                    || pool.getPadding()[1] > 0;
            return !padded;
        }
        return true;
    }

    /** The layer's {@code protected helper} field, which DL4J offers no setter for. */
    private static void setHelper(Layer layer, LayerHelper helper) {
        try {
            Field field = layer.getClass().getDeclaredField("helper");
            field.setAccessible(true);
            field.set(layer, helper);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(
                    "DL4J's " + layer.getClass().getName() + " no longer has the helper field this"
                            + " workaround for M2.1 sets; see OneDnn's javadoc",
                    e);
        }
    }
}
