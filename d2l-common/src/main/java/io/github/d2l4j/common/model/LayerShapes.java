package io.github.d2l4j.common.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The book's shape walk-through, {@code for layer in net: X = layer(X); print(layer.__class__.__name__,
 * 'output shape:\t', X.shape)}, for DL4J networks: one input through the network in evaluation
 * mode, recording each layer's (or block's) output shape. It changes nothing in the network.
 */
public final class LayerShapes {
    private LayerShapes() {}

    /** A layer's (or block's) name and the shape of its output, as the book prints them. */
    public record LayerShape(String name, long[] shape) {
        @Override
        public String toString() {
            return name + " output shape:\t" + Arrays.toString(shape);
        }
    }

    /**
     * Each layer of a {@code MultiLayerNetwork} in turn. DL4J flattens with a preprocessor in
     * front of the first dense layer; it is listed as the book's {@code Flatten}.
     */
    public static List<LayerShape> of(MultiLayerNetwork net, INDArray X) {
        List<LayerShape> shapes = new ArrayList<>();
        List<INDArray> activations = net.feedForward(X, false); // the input, then each layer's output
        for (int i = 0; i < net.getnLayers(); i++) {
            InputPreProcessor pre = net.getLayerWiseConfigurations().getInputPreProcess(i);
            if (pre != null) {
                INDArray flat = pre.preProcess(activations.get(i), 1, LayerWorkspaceMgr.noWorkspaces());
                shapes.add(new LayerShape("Flatten", flat.shape()));
            }
            String name = net.getLayer(i).conf().getLayer().getClass().getSimpleName();
            shapes.add(new LayerShape(name, activations.get(i + 1).shape()));
        }
        return shapes;
    }

    /**
     * The outputs of the named vertices of a {@code ComputationGraph} with one input: the blocks
     * that the book's walk-through steps through ({@code b1} … {@code b5}, say), in the order given.
     *
     * @throws IllegalArgumentException if the graph has no vertex of one of the names
     */
    public static List<LayerShape> of(ComputationGraph graph, INDArray X, String... vertices) {
        Map<String, INDArray> activations = graph.feedForward(X, false);
        List<LayerShape> shapes = new ArrayList<>();
        for (String vertex : vertices) {
            INDArray a = activations.get(vertex);
            if (a == null) {
                throw new IllegalArgumentException("LayerShapes: the graph has no vertex '" + vertex + "'");
            }
            shapes.add(new LayerShape(vertex, a.shape()));
        }
        return shapes;
    }
}
