package io.github.d2l4j.common.model;

import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * PyTorch's initialisations, for the book's networks built in ND4J and DL4J. The book relies on
 * two of them:
 *
 * <ul>
 *   <li>{@code nn.init.xavier_uniform_}: U(-a, a) with \( a = \sqrt{6 / (n_\mathrm{in} +
 *       n_\mathrm{out})} \), where a convolution's fans are channels times kernel area;
 *   <li>the default of {@code nn.Linear} and {@code nn.Conv2d}, weights and biases alike: U(-b, b)
 *       with \( b = 1 / \sqrt{n_\mathrm{in}} \). DL4J starts biases at 0 instead; {@link #biases}
 *       puts PyTorch's back, since the book's {@code init_weights} re-initialises only the weights.
 * </ul>
 *
 * <p>Draws come from ND4J's random generator, so {@code Nd4j.getRandom().setSeed} fixes them.
 */
public final class TorchInit {
    private TorchInit() {}

    /** {@code nn.init.xavier_uniform_} for an array of {@code shape}. */
    public static INDArray xavierUniform(long fanIn, long fanOut, long... shape) {
        return uniform(Math.sqrt(6.0 / (fanIn + fanOut)), shape);
    }

    /**
     * PyTorch's default initialisation of {@code nn.Linear} and {@code nn.Conv2d}, weights and
     * biases alike: U(-1/sqrt(fanIn), 1/sqrt(fanIn)) (for the weights, {@code kaiming_uniform_}
     * with a = sqrt(5) comes to this bound).
     */
    public static INDArray defaultUniform(long fanIn, long... shape) {
        return uniform(1 / Math.sqrt(fanIn), shape);
    }

    /**
     * A from-scratch layer's parameters as the book's {@code init_weights} leaves them: weight
     * {@code "W" + i} Xavier-uniform of {@code weightShape}, bias {@code "b" + i}
     * U(-1/sqrt(fanIn), 1/sqrt(fanIn)) with one entry per output (the shape's last dimension).
     */
    public static void layer(Map<String, INDArray> params, int i, long fanIn, long fanOut, long... weightShape) {
        params.put("W" + i, xavierUniform(fanIn, fanOut, weightShape));
        params.put("b" + i, defaultUniform(fanIn, weightShape[weightShape.length - 1]));
    }

    /** U(-bound, bound), float. */
    public static INDArray uniform(double bound, long... shape) {
        return Nd4j.rand(DataType.FLOAT, shape).muli(2 * bound).subi(bound);
    }

    /**
     * Sets the bias of every dense, output and convolution layer of an initialised network to
     * PyTorch's default, U(-1/sqrt(fan_in), 1/sqrt(fan_in)), with fan_in the layer's inputs
     * (times the kernel area for a convolution). Returns {@code net}.
     */
    public static MultiLayerNetwork biases(MultiLayerNetwork net) {
        biases(net.getLayers());
        return net;
    }

    /** {@link #biases(MultiLayerNetwork)} for a {@code ComputationGraph}'s layers. Returns {@code graph}. */
    public static ComputationGraph biases(ComputationGraph graph) {
        biases(graph.getLayers());
        return graph;
    }

    private static void biases(Layer[] layers) {
        for (Layer layer : layers) {
            if (layer.conf().getLayer() instanceof FeedForwardLayer conf
                    && layer.paramTable().containsKey(DefaultParamInitializer.BIAS_KEY)) {
                long fanIn = conf.getNIn();
                if (conf instanceof ConvolutionLayer conv) {
                    fanIn *= (long) conv.getKernelSize()[0] * conv.getKernelSize()[1];
                }
                INDArray b = layer.getParam(DefaultParamInitializer.BIAS_KEY);
                b.assign(defaultUniform(fanIn, b.shape()));
            }
        }
    }
}
