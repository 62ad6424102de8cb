package io.github.d2l4j.common.model;

import io.github.d2l4j.common.device.GcPacer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.functions.DifferentialFunction;
import org.nd4j.autodiff.loss.LossReduce;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.loss.BaseLoss;

/**
 * A from-scratch model: a SameDiff graph holding the net and its summed loss, trained by a
 * hand-written updater such as {@link io.github.d2l4j.common.train.Scratch#sgd}. The graph is
 * built once; each step only feeds its placeholders.
 *
 * <p>The loss must be a sum over the batch, as in the book ({@code l.sum().backward()}): the
 * updaters divide by the batch size themselves. A mean loss ({@code sd.mean}, or an {@code sd.loss}
 * op with a mean reduction, their default) is rejected when the net is built, since it would
 * train at 1/batch of the intended step and report a loss batch times too small.
 *
 * <p>When the loss is a plain sum of per-example losses, as in the book, one SameDiff execution
 * per step computes the gradients and yields the outputs and losses for the running metrics.
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

    /**
     * Placeholders a model needs beyond X and y, fresh for each batch: dropout masks, say. They
     * differ between training and evaluation.
     */
    @FunctionalInterface
    public interface Feeds {
        Map<String, INDArray> get(long batchSize, boolean training);
    }

    /**
     * What to do after each training step with values that the step computed: a batch-norm
     * layer's batch mean and variance, from which it updates its moving statistics, say.
     */
    @FunctionalInterface
    public interface StepListener {
        void afterStep(Map<String, INDArray> values);
    }

    private final SameDiff sd;
    private final String input;
    private final String label;
    private final String output;
    private final String lossSum;
    private final List<SDVariable> params;
    private final String[] paramNames;
    private final Updater updater;
    private final String perExampleLoss;
    private final Capture capture;
    private Feeds feeds = (n, training) -> Map.of();
    private final List<String> watched = new ArrayList<>();
    private StepListener stepListener = values -> {};
    private final GcPacer gc = new GcPacer(); // SameDiff's per-step arrays are freed only by GC

    /**
     * @param sd the graph
     * @param input the features placeholder
     * @param label the labels placeholder
     * @param output the model output \( \hat{y} \)
     * @param lossSum the scalar summed loss, which becomes the graph's loss variable
     * @param params the trainable variables
     * @param updater how a step changes the parameters
     */
    public SameDiffNet(
            SameDiff sd,
            SDVariable input,
            SDVariable label,
            SDVariable output,
            SDVariable lossSum,
            List<SDVariable> params,
            Updater updater) {
        this.sd = sd;
        this.input = input.name();
        this.label = label.name();
        this.output = output.name();
        this.lossSum = lossSum.name();
        this.params = List.copyOf(params);
        this.paramNames = params.stream().map(SDVariable::name).toArray(String[]::new);
        this.updater = updater;
        requireSummedLoss(sd, lossSum);
        sd.setLossVariables(lossSum);
        this.perExampleLoss = summedVariable(sd, lossSum);
        this.capture = perExampleLoss == null ? null : new Capture(this.output, perExampleLoss);
        if (capture != null) {
            sd.addListeners(capture);
        }
    }

    /** Sets the extra placeholders to feed with each batch. */
    public SameDiffNet withFeeds(Feeds feeds) {
        this.feeds = feeds;
        return this;
    }

    /**
     * After each training step, gives {@code listener} the values that the step computed for
     * {@code variables} (copies; the parameters have been updated by then).
     */
    public SameDiffNet afterEachStep(StepListener listener, String... variables) {
        watched.addAll(List.of(variables));
        if (capture != null) {
            capture.watch(variables);
        }
        this.stepListener = listener;
        return this;
    }

    private Map<String, INDArray> feed(INDArray X, INDArray y, boolean training) {
        Map<String, INDArray> all = new java.util.HashMap<>(feeds.get(X.size(0), training));
        all.put(input, X);
        if (y != null) {
            all.put(label, y);
        }
        return all;
    }

    @Override
    public INDArray forward(INDArray X) {
        INDArray yHat = sd.output(feed(X, null, false), output).get(output);
        gc.afterStep();
        return yHat;
    }

    @Override
    public Step trainStep(INDArray X, INDArray y) {
        if (perExampleLoss == null) { // the loss is not a plain sum: one more forward pass
            Map<String, INDArray> batch = feed(X, y, true);
            List<String> wanted = new ArrayList<>(List.of(output, lossSum));
            wanted.addAll(watched);
            Map<String, INDArray> out = sd.output(batch, wanted.toArray(String[]::new));
            updater.update(params, sd.calculateGradients(batch, paramNames), X.size(0));
            stepListener.afterStep(out);
            gc.afterStep();
            return new Step(out.get(lossSum).getDouble(0), out.get(output));
        }
        // One pass: the gradient computation runs the forward ops, and the listener keeps yHat
        // and the per-example losses as they go by.
        capture.clear();
        Map<String, INDArray> grads = gradients(X, y);
        INDArray yHat = capture.get(output);
        INDArray losses = capture.get(perExampleLoss);
        if (yHat == null || losses == null) {
            throw new IllegalStateException("SameDiff did not compute " + output + " and " + perExampleLoss);
        }
        updater.update(params, grads, X.size(0));
        stepListener.afterStep(capture.values(watched));
        gc.afterStep();
        return new Step(losses.sumNumber().doubleValue(), yHat);
    }

    /**
     * The variable that {@code lossSum} sums, when it is a plain full sum; null otherwise. SameDiff's
     * backward pass never runs the final sum (its gradient is all ones), so that is what can be
     * seen on the way.
     */
    private static String summedVariable(SameDiff sd, SDVariable lossSum) {
        var op = sd.getVariableOutputOp(lossSum.name());
        if (op == null || !"reduce_sum".equals(op.opName()) || op.args().length != 1) {
            return null;
        }
        return op.args()[0].name();
    }

    /**
     * @throws IllegalArgumentException if {@code loss} is a mean over the batch
     */
    private static void requireSummedLoss(SameDiff sd, SDVariable loss) {
        DifferentialFunction op = sd.getVariableOutputOp(loss.name());
        boolean mean = op != null
                && ("reduce_mean".equals(op.opName())
                        || op instanceof BaseLoss lossOp
                                && lossOp.iArgs().length > 0
                                && lossOp.iArgs()[0] >= LossReduce.MEAN_BY_WEIGHT.ordinal());
        if (mean) {
            throw new IllegalArgumentException("SameDiffNet: the loss '" + loss.name() + "' is a mean ("
                    + op.opName() + "), but the updaters divide by the batch size themselves, as the book's"
                    + " sgd does. Use a summed loss: sum the per-example losses (.sum()), or pass"
                    + " LossReduce.SUM to the sd.loss op.");
        }
    }

    /** The gradients of the summed loss with respect to each parameter, by name, in training mode. */
    public Map<String, INDArray> gradients(INDArray X, INDArray y) {
        return sd.calculateGradients(feed(X, y, true), paramNames);
    }

    /** The summed loss on a batch, in evaluation mode, without changing anything. */
    @Override
    public double loss(INDArray X, INDArray y) {
        return sd.output(feed(X, y, false), lossSum).get(lossSum).getDouble(0);
    }

    /** The trainable variables, whose arrays {@link Updater}s change in place. */
    public List<SDVariable> params() {
        return new ArrayList<>(params);
    }

    public SameDiff sameDiff() {
        return sd;
    }
}
