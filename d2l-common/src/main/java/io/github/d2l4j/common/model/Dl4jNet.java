package io.github.d2l4j.common.model;

import io.github.d2l4j.common.device.OneDnn;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.ILossFunction;

/**
 * A DL4J network ({@code MultiLayerNetwork}, or a {@code ComputationGraph} with one input and one
 * output) as a {@link Net}: DL4J owns the loss and the updater (the book's {@code
 * torch.optim} branch of {@code train_epoch_ch3}), so a step is one {@code fit} call.
 *
 * <p>The book's loop also needs each batch's outputs before the update, for the running
 * accuracy. {@code fit} does not return them, and a second forward pass would cost a third of the
 * step, so during {@code fit} the output layer's loss is wrapped by one that keeps a copy of the
 * pre-activation outputs it is given (their argmax is that of the probabilities). The original
 * loss is put back after each step, so a saved network is unchanged.
 */
public final class Dl4jNet implements Net {
    private final MultiLayerNetwork net; // null for a ComputationGraph
    private final Model model;
    private final Layer outputLayer;
    private final UnaryOperator<INDArray> output;
    private final BiConsumer<INDArray, INDArray> fit;
    private final Function<org.nd4j.linalg.dataset.DataSet, INDArray> scoreExamples;

    /**
     * Wraps an initialised network, giving its convolution, pooling and batch-norm layers their
     * oneDNN helpers where ND4J has oneDNN ({@link OneDnn#layerHelpers}: DL4J M2.1 leaves them off).
     */
    public Dl4jNet(MultiLayerNetwork net) {
        this.net = OneDnn.layerHelpers(net);
        this.model = net;
        this.outputLayer = net.getOutputLayer();
        this.output = X -> net.output(X, false);
        this.fit = net::fit;
        this.scoreExamples = batch -> net.scoreExamples(batch, false);
    }

    /**
     * Wraps an initialised {@code ComputationGraph} with one input and one output, the shape of the
     * book's branching networks (Inception, residual and dense blocks), with oneDNN helpers as above.
     *
     * @throws IllegalArgumentException if the graph has several inputs or outputs
     */
    public Dl4jNet(ComputationGraph graph) {
        if (graph.getNumInputArrays() != 1 || graph.getNumOutputArrays() != 1) {
            throw new IllegalArgumentException("Dl4jNet: a graph with one input and one output, got "
                    + graph.getNumInputArrays() + " and " + graph.getNumOutputArrays());
        }
        OneDnn.layerHelpers(graph);
        this.net = null;
        this.model = graph;
        this.outputLayer = graph.getOutputLayer(0);
        this.output = X -> graph.outputSingle(false, X);
        this.fit = (X, y) -> graph.fit(new INDArray[] {X}, new INDArray[] {y});
        this.scoreExamples = batch -> graph.scoreExamples(batch, false);
    }

    @Override
    public INDArray forward(INDArray X) {
        return output.apply(X);
    }

    @Override
    public Step trainStep(INDArray X, INDArray y) {
        var conf = outputLayer.conf().getLayer();
        ILossFunction loss =
                conf instanceof BaseOutputLayer o ? o.getLossFn() : conf instanceof LossLayer l ? l.getLossFn() : null;
        if (loss == null) {
            INDArray yHat = forward(X); // no loss to look through: one more forward pass
            fit.accept(X, y);
            return new Step(model.score() * X.size(0), yHat);
        }
        Recording recording = new Recording(loss);
        setLoss(conf, recording);
        try {
            fit.accept(X, y);
        } finally {
            setLoss(conf, loss);
        }
        // score() is the batch's mean loss from fit's own forward pass (no regulariser here)
        return new Step(model.score() * X.size(0), recording.outputs);
    }

    /** The loss of an output layer ({@code OutputLayer}) or of a parameterless {@code LossLayer}. */
    private static void setLoss(org.deeplearning4j.nn.conf.layers.Layer conf, ILossFunction loss) {
        if (conf instanceof BaseOutputLayer o) {
            o.setLossFn(loss);
        } else {
            ((LossLayer) conf).setLossFn(loss);
        }
    }

    @Override
    public double loss(INDArray X, INDArray y) {
        // per-example losses without the regularisation terms, as the book's evaluate_loss sees them
        return scoreExamples
                .apply(new org.nd4j.linalg.dataset.DataSet(X, y))
                .sumNumber()
                .doubleValue();
    }

    /**
     * The wrapped {@code MultiLayerNetwork}.
     *
     * @throws IllegalStateException if this wraps a {@code ComputationGraph}
     */
    public MultiLayerNetwork network() {
        if (net == null) {
            throw new IllegalStateException("Dl4jNet: this wraps a ComputationGraph, not a MultiLayerNetwork");
        }
        return net;
    }

    /** Delegates to the real loss, keeping a copy of the outputs that the score is computed on. */
    @SuppressWarnings("serial") // never serialised: it lives only for the length of one fit call
    private static final class Recording implements ILossFunction {
        private final ILossFunction inner;
        INDArray outputs;

        Recording(ILossFunction inner) {
            this.inner = inner;
        }

        private void keep(INDArray preOutput) {
            outputs = preOutput.detach(); // out of DL4J's workspace, which fit reuses
        }

        @Override
        public double computeScore(
                INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask, boolean average) {
            keep(preOutput);
            return inner.computeScore(labels, preOutput, activationFn, mask, average);
        }

        @Override
        public INDArray computeScoreArray(
                INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
            return inner.computeScoreArray(labels, preOutput, activationFn, mask);
        }

        @Override
        public INDArray computeGradient(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
            return inner.computeGradient(labels, preOutput, activationFn, mask);
        }

        @Override
        public Pair<Double, INDArray> computeGradientAndScore(
                INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask, boolean average) {
            keep(preOutput);
            return inner.computeGradientAndScore(labels, preOutput, activationFn, mask, average);
        }

        @Override
        public String name() {
            return inner.name();
        }
    }
}
