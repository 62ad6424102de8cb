package io.github.d2l4j.common.metrics;

import io.github.d2l4j.common.device.ShutdownGate;
import io.github.d2l4j.common.model.Net;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/** Classification metrics of D2L §3.6. */
public final class Metrics {
    private Metrics() {}

    /**
     * Counts the correct predictions. {@code yHat} is (n, q) scores or (n) class indices; {@code y}
     * is (n) or (n, 1) class indices, or (n, q) one-hot rows as DL4J keeps labels.
     *
     * <p>Defined in D2L §3.6.
     */
    public static double accuracy(INDArray yHat, INDArray y) {
        if (plainMatrix(yHat) && plainMatrix(y) && yHat.size(1) > 1 && y.size(1) > 1) {
            return accuracyOfRows(yHat, y); // the training loop's case, once per batch
        }
        long[] predicted = classIndices(yHat);
        long[] truth = classIndices(y);
        if (predicted.length != truth.length) {
            throw new IllegalArgumentException(
                    "accuracy: " + predicted.length + " predictions but " + truth.length + " labels");
        }
        int correct = 0;
        for (int i = 0; i < truth.length; i++) {
            if (predicted[i] == truth[i]) {
                correct++;
            }
        }
        return correct;
    }

    /**
     * Computes the accuracy of {@code net} on every batch of {@code dataIter} (not only the first).
     *
     * <p>Defined in D2L §3.6.
     */
    public static double evaluateAccuracy(Net net, DataSetIterator dataIter) {
        Accumulator metric = new Accumulator(2); // correct predictions, predictions
        dataIter.reset();
        while (dataIter.hasNext()) {
            DataSet batch = dataIter.next();
            INDArray yHat = ShutdownGate.step(() -> net.forward(batch.getFeatures()));
            metric.add(accuracy(yHat, batch.getLabels()), batch.numExamples());
        }
        if (metric.get(1) == 0) {
            throw new IllegalArgumentException("evaluateAccuracy: the iterator yielded no examples");
        }
        return metric.get(0) / metric.get(1);
    }

    /**
     * Row argmax compared in Java, straight from the buffers: for a (256, 10) batch this is a few
     * microseconds, where two ND4J argMax ops and their copies cost tens.
     */
    private static double accuracyOfRows(INDArray yHat, INDArray y) {
        if (yHat.size(0) != y.size(0) || yHat.size(1) != y.size(1)) {
            throw new IllegalArgumentException("accuracy: " + yHat.size(0) + " predictions but " + y.size(0)
                    + " labels, or " + yHat.size(1) + " vs " + y.size(1) + " classes");
        }
        java.nio.FloatBuffer p = yHat.data().asNioFloat();
        java.nio.FloatBuffer t = y.data().asNioFloat();
        int rows = (int) yHat.size(0);
        int cols = (int) yHat.size(1);
        int correct = 0;
        for (int r = 0; r < rows; r++) {
            if (argmax(p, r * cols, cols) == argmax(t, r * cols, cols)) {
                correct++;
            }
        }
        return correct;
    }

    private static int argmax(java.nio.FloatBuffer b, int from, int n) {
        int best = 0;
        for (int j = 1; j < n; j++) {
            if (b.get(from + j) > b.get(from + best)) {
                best = j;
            }
        }
        return best;
    }

    /** A float matrix laid out row after row, from the start of its own buffer. */
    private static boolean plainMatrix(INDArray a) {
        return a.rank() == 2
                && a.dataType() == org.nd4j.linalg.api.buffer.DataType.FLOAT
                && a.ordering() == 'c'
                && !a.isView()
                && a.offset() == 0
                && a.data().length() == a.length();
    }

    /**
     * The mean loss of {@code net} over every example of {@code dataIter}.
     *
     * <p>Defined in D2L §4.4.
     */
    public static double evaluateLoss(Net net, DataSetIterator dataIter) {
        return evaluateLoss(net::loss, dataIter);
    }

    /**
     * The mean of {@code summedLoss(X, y)} per example over every batch of {@code dataIter}: for
     * a loss that is not the model's training loss, such as 4.5's loss without its penalty.
     */
    public static double evaluateLoss(
            java.util.function.ToDoubleBiFunction<INDArray, INDArray> summedLoss, DataSetIterator dataIter) {
        Accumulator metric = new Accumulator(2); // summed loss, examples
        dataIter.reset();
        while (dataIter.hasNext()) {
            DataSet batch = dataIter.next();
            double loss = ShutdownGate.step(() -> summedLoss.applyAsDouble(batch.getFeatures(), batch.getLabels()));
            metric.add(loss, batch.numExamples());
        }
        if (metric.get(1) == 0) {
            throw new IllegalArgumentException("evaluateLoss: the iterator yielded no examples");
        }
        return metric.get(0) / metric.get(1);
    }

    /** Class indices from scores or one-hot rows (argmax over axis 1), or from index labels. */
    public static long[] classIndices(INDArray a) {
        boolean scores = a.rank() == 2 && a.size(1) > 1;
        INDArray indices = scores ? a.argMax(1) : a;
        return indices.reshape(indices.length()).toLongVector();
    }
}
