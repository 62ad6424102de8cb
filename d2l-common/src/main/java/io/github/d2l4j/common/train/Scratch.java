package io.github.d2l4j.common.train;

import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.controlflow.compat.StopGradient;

/**
 * The from-scratch building blocks of linear regression (D2L §3.2): model, loss and optimiser,
 * written on SameDiff variables so that SameDiff supplies the gradients, as PyTorch's autograd
 * does in the book.
 */
public final class Scratch {
    private Scratch() {}

    /**
     * The linear regression model \( \hat{y} = Xw + b \). X: (n, d), w: (d, 1), b: (1).
     *
     * <p>Defined in D2L §3.2.
     */
    public static SDVariable linreg(SDVariable X, SDVariable w, SDVariable b) {
        return X.mmul(w).add(b);
    }

    /**
     * The squared loss \( \frac{1}{2}(\hat{y} - y)^2 \), per example, with the book's ½.
     *
     * <p>Defined in D2L §3.2.
     */
    public static SDVariable squaredLoss(SDVariable yHat, SDVariable y) {
        return yHat.sub(y.reshape(yHat.shape())).pow(2).div(2);
    }

    /**
     * Minibatch stochastic gradient descent: {@code param -= lr * grad / batchSize}, in place.
     *
     * <p>The book then zeroes {@code param.grad}; SameDiff returns fresh gradients from each
     * {@code calculateGradients} call, so there is nothing to reset.
     *
     * <p>Defined in D2L §3.2.
     */
    public static void sgd(List<SDVariable> params, Map<String, INDArray> grads, double lr, long batchSize) {
        Map<String, INDArray> arrays = new java.util.LinkedHashMap<>();
        params.forEach(p -> arrays.put(p.name(), p.getArr()));
        sgd(arrays, grads, lr, batchSize);
    }

    /**
     * {@link #sgd(List, Map, double, long)} on parameter arrays by name, as a model that keeps its
     * arrays itself ({@code RNNModelScratch}) holds them.
     *
     * <p>Defined in D2L §3.2.
     */
    public static void sgd(Map<String, INDArray> params, Map<String, INDArray> grads, double lr, long batchSize) {
        requirePositive(lr, "learning rate");
        requirePositive(batchSize, "batch size");
        params.forEach((name, param) -> {
            INDArray grad = grads.get(name);
            if (grad == null) {
                throw new IllegalArgumentException("no gradient for parameter '" + name + "'");
            }
            param.subi(grad.mul(lr / batchSize));
        });
    }

    /**
     * The cross-entropy of softmax(o) against one-hot labels, per example, from the logits by
     * LogSumExp: \( \log \sum_k \exp(o_k) - \sum_j y_j o_j \), with the maximum subtracted first
     * so that nothing overflows (D2L 3.4, 3.7). This is PyTorch's {@code
     * nn.CrossEntropyLoss(reduction='none')}, written out. o: (n, q), y: (n, q); result (n).
     */
    public static SDVariable softmaxCrossEntropy(SDVariable o, SDVariable y) {
        SameDiff sd = o.getSameDiff();
        SDVariable max = detach(o.max(true, 1)); // a constant shift: no gradient needed
        SDVariable logSumExp = sd.math.log(sd.math.exp(o.sub(max)).sum(true, 1)).add(max);
        return logSumExp.sub(o.mul(y).sum(true, 1)).reshape(-1);
    }

    /**
     * PyTorch's {@code x.detach()}: the same values, but no gradient flows back through them.
     * SameDiff M2.1 has the op ({@code StopGradient}) but no shortcut for it.
     */
    public static SDVariable detach(SDVariable x) {
        return new StopGradient(x.getSameDiff(), x).outputVariable();
    }

    /**
     * Checks a training run's batch size, learning rate and epoch count: each must be positive.
     * Every section's {@code Config} calls it, so bad input fails before any data is read.
     */
    public static void requireTraining(int batchSize, double lr, int numEpochs) {
        requirePositive(batchSize, "batch size");
        requirePositive(lr, "learning rate");
        requirePositive(numEpochs, "number of epochs");
    }

    /** Throws a clear error unless {@code value > 0}. */
    public static void requirePositive(double value, String what) {
        if (!(value > 0)) {
            throw new IllegalArgumentException(what + " must be positive, got " + value);
        }
    }
}
