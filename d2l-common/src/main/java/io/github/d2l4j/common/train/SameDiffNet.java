package io.github.d2l4j.common.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A from-scratch model: a SameDiff graph holding the net and its summed loss, trained by a
 * hand-written updater such as {@link Scratch#sgd}. The graph is built once; each step only feeds
 * its placeholders.
 *
 * <p>This is the book's {@code l.sum().backward(); updater(X.shape[0])} pair: SameDiff's {@code
 * calculateGradients} plays {@code backward}, and the updater changes the parameters in place.
 */
public final class SameDiffNet implements Net {

    /** A hand-written optimiser: updates {@code params} in place from {@code grads}. */
    @FunctionalInterface
    public interface Updater {
        void update(List<SDVariable> params, Map<String, INDArray> grads, long batchSize);
    }

    private final SameDiff sd;
    private final String input;
    private final String label;
    private final String output;
    private final String lossSum;
    private final List<SDVariable> params;
    private final String[] paramNames;
    private final Updater updater;

    /**
     * @param sd the graph
     * @param input the features placeholder
     * @param label the labels placeholder
     * @param output the model output \( \hat{y} \)
     * @param lossSum the scalar summed loss, which becomes the graph's loss variable
     * @param params the trainable variables
     * @param updater how a step changes the parameters
     */
    public SameDiffNet(SameDiff sd, SDVariable input, SDVariable label, SDVariable output,
            SDVariable lossSum, List<SDVariable> params, Updater updater) {
        this.sd = sd;
        this.input = input.name();
        this.label = label.name();
        this.output = output.name();
        this.lossSum = lossSum.name();
        this.params = List.copyOf(params);
        this.paramNames = params.stream().map(SDVariable::name).toArray(String[]::new);
        this.updater = updater;
        sd.setLossVariables(lossSum);
    }

    @Override
    public INDArray forward(INDArray X) {
        return sd.output(Map.of(input, X), output).get(output);
    }

    @Override
    public Step trainStep(INDArray X, INDArray y) {
        Map<String, INDArray> feed = Map.of(input, X, label, y);
        Map<String, INDArray> out = sd.output(feed, output, lossSum);
        updater.update(params, gradients(X, y), X.size(0));
        return new Step(out.get(lossSum).getDouble(0), out.get(output));
    }

    /** The gradients of the summed loss with respect to each parameter, by name. */
    public Map<String, INDArray> gradients(INDArray X, INDArray y) {
        return sd.calculateGradients(Map.of(input, X, label, y), paramNames);
    }

    /** The summed loss on a batch, without changing anything. */
    public double loss(INDArray X, INDArray y) {
        return sd.output(Map.of(input, X, label, y), lossSum).get(lossSum).getDouble(0);
    }

    /** The trainable variables, whose arrays {@link Updater}s change in place. */
    public List<SDVariable> params() {
        return new ArrayList<>(params);
    }

    public SameDiff sameDiff() {
        return sd;
    }
}
