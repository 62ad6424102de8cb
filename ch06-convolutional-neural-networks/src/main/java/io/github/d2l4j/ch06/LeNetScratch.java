package io.github.d2l4j.ch06;

import static io.github.d2l4j.common.train.Scratch.sgd;
import static io.github.d2l4j.common.train.Scratch.softmaxCrossEntropy;

import io.github.d2l4j.common.model.SameDiffNet;
import io.github.d2l4j.common.model.TorchInit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Pooling2DConfig;
import org.nd4j.linalg.factory.Nd4j;

/**
 * LeNet from scratch: the parameters as arrays, the network as a SameDiff graph of native
 * convolution, pooling and matrix ops (SameDiff supplies the gradients, as autograd does), the
 * summed cross-entropy, and the book's {@code sgd} by hand. Same architecture, initialisation and
 * learning rate as {@link LeNet}; {@code LeNetTest} checks that both take the same step.
 *
 * <p>Convolution weights are kept in SameDiff's own layout (kh, kw, in, out): with PyTorch's
 * (out, in, kh, kw) ({@code WeightsFormat.OIYX}), M2.1's generated {@code conv2d_bp} fails with a
 * shape error.
 *
 * <p>D2L 6.6, Convolutional Neural Networks (LeNet), from scratch.
 */
public final class LeNetScratch {
    private LeNetScratch() {}

    /**
     * The book's initialisation: weights Xavier-uniform, biases PyTorch's default U(-1/sqrt(fan_in),
     * 1/sqrt(fan_in)). A convolution's fans are its channels times the kernel area.
     */
    public static Map<String, INDArray> initParams(long seed) {
        Nd4j.getRandom().setSeed(seed);
        Map<String, INDArray> params = new LinkedHashMap<>();
        TorchInit.layer(params, 1, 1 * 25, 6 * 25, 5, 5, 1, 6); // conv 1->6, weight (kh, kw, in, out)
        TorchInit.layer(params, 2, 6 * 25, 16 * 25, 5, 5, 6, 16); // conv 6->16
        TorchInit.layer(params, 3, 400, 120, 400, 120); // dense, weight (in, out)
        TorchInit.layer(params, 4, 120, 84, 120, 84);
        TorchInit.layer(params, 5, 84, 10, 84, 10);
        return params;
    }

    /** LeNet as a SameDiff graph on {@code params}, trained by {@code sgd} at {@code lr}. */
    public static SameDiffNet net(Map<String, INDArray> params, double lr) {
        SameDiff sd = SameDiff.create();
        SDVariable X = sd.placeHolder("X", DataType.FLOAT, -1, 1, 28, 28);
        SDVariable y = sd.placeHolder("y", DataType.FLOAT, -1, 10);
        Map<String, SDVariable> p = new LinkedHashMap<>();
        params.forEach((name, value) -> p.put(name, sd.var(name, value)));

        SDVariable h = sd.nn.sigmoid(conv(X, p.get("W1"), p.get("b1"), 2)); // (n, 6, 28, 28)
        h = avgPool(h); // (n, 6, 14, 14)
        h = sd.nn.sigmoid(conv(h, p.get("W2"), p.get("b2"), 0)); // (n, 16, 10, 10)
        h = avgPool(h); // (n, 16, 5, 5)
        h = h.reshape(-1, 400); // flatten, channels first as nn.Flatten
        h = sd.nn.sigmoid(h.mmul(p.get("W3")).add(p.get("b3")));
        h = sd.nn.sigmoid(h.mmul(p.get("W4")).add(p.get("b4")));
        SDVariable out = h.mmul(p.get("W5")).add(p.get("b5")).rename("out");
        SDVariable loss = softmaxCrossEntropy(out, y).sum("loss");
        List<SDVariable> vars = List.copyOf(p.values());
        return new SameDiffNet(sd, X, y, out, loss, vars, (ps, grads, n) -> sgd(ps, grads, lr, n));
    }

    /** A 5x5 convolution with bias, stride 1, {@code padding} on each side. */
    private static SDVariable conv(SDVariable X, SDVariable W, SDVariable b, int padding) {
        return X.getSameDiff()
                .cnn()
                .conv2d(
                        X,
                        W,
                        b,
                        Conv2DConfig.builder()
                                .kH(5)
                                .kW(5)
                                .pH(padding)
                                .pW(padding)
                                .build());
    }

    /**
     * {@code nn.AvgPool2d(2, 2)}. Without padding, whether padding counts in the divisor does not
     * arise. (Where it would: M2.1's SameDiff ignores {@code Pooling2DConfig.divisor}, takes the
     * choice from {@code extra} instead, 1 counting padding as PyTorch does, and its backward pass
     * is wrong in that case; see {@link io.github.d2l4j.common.device.OneDnn}.)
     */
    private static SDVariable avgPool(SDVariable X) {
        return X.getSameDiff()
                .cnn()
                .avgPooling2d(
                        X, Pooling2DConfig.builder().kH(2).kW(2).sH(2).sW(2).build());
    }

    /**
     * The parameters of {@link LeNet#net}, in this class's names and layouts: DL4J keeps a
     * convolution's weights as (out, in, kh, kw) and its biases as (1, n).
     */
    public static Map<String, INDArray> fromDl4j(MultiLayerNetwork net) {
        Map<String, INDArray> params = new LinkedHashMap<>();
        int i = 0;
        for (var layer : net.getLayers()) {
            if (layer.paramTable().isEmpty()) {
                continue; // pooling: nothing to map
            }
            INDArray W = layer.getParam("W");
            INDArray b = layer.getParam("b");
            i++;
            params.put("W" + i, (W.rank() == 4 ? W.permute(2, 3, 1, 0) : W).dup());
            params.put("b" + i, b.reshape(b.length()).dup());
        }
        return params;
    }
}
