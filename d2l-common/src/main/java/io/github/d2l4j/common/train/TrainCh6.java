package io.github.d2l4j.common.train;

import io.github.d2l4j.common.device.Devices;
import io.github.d2l4j.common.device.Threads;
import io.github.d2l4j.common.metrics.Metrics;
import io.github.d2l4j.common.model.Net;
import java.nio.file.Path;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chapter 6 training loop for convolutional networks: {@code evaluate_accuracy_gpu} and
 * {@code train_ch6}. It runs the same epoch loop as {@link TrainCh3#trainCh3}; what differs is
 * what it shows: the running train loss and accuracy five times an epoch, and at the end the
 * book's two lines, "loss …, train acc …, test acc …" and "… examples/sec on DEVICE".
 *
 * <p><b>Where it differs from the book.</b> The book's {@code train_ch6(net, train_iter,
 * test_iter, num_epochs, lr, device)} initialises the weights (Xavier-uniform), builds the SGD
 * optimiser and moves the net to the device. Here the network arrives with all three: a DL4J
 * network fixes its initialiser ({@code WeightInit.XAVIER_UNIFORM}) and updater ({@code Sgd(lr)})
 * in its configuration, a from-scratch net is built with them, and ND4J's backend (the CPU, or
 * CUDA under {@code -Pcuda}) is the device of every array, so there is nothing to move.
 *
 * <p>Defined in D2L §6.6.
 */
public final class TrainCh6 {
    private static final Logger LOG = LoggerFactory.getLogger(TrainCh6.class);

    /** The book plots the running train metrics five times an epoch. */
    static final int POINTS_PER_EPOCH = 5;

    private TrainCh6() {}

    /**
     * The accuracy of {@code net} on every batch of {@code dataIter}, in evaluation mode. The book
     * moves each batch to the net's device first; ND4J's arrays already live on its backend's
     * device, so this is {@link Metrics#evaluateAccuracy}.
     *
     * <p>Defined in D2L §6.6.
     */
    public static double evaluateAccuracyGpu(Net net, DataSetIterator dataIter) {
        return Metrics.evaluateAccuracy(net, dataIter);
    }

    /**
     * Trains {@code net} for {@code numEpochs}: the epoch loop of {@code trainCh3}, with the train
     * loss and accuracy plotted five times an epoch and the test accuracy once, into {@code plot}
     * (no file when null), and the book's closing lines logged. Unless the caller has set threads,
     * it applies the measured default for convolutional networks ({@link
     * Threads#applyConvolutionDefault}).
     *
     * <p>Defined in D2L §6.6.
     */
    public static TrainCh3.Result trainCh6(
            Net net, DataSetIterator trainIter, DataSetIterator testIter, int numEpochs, Path plot) {
        Threads.applyConvolutionDefault();
        TrainCh3.Result r = TrainCh3.trainEpochs(net, trainIter, testIter, numEpochs, plot, POINTS_PER_EPOCH);
        TrainCh3.Epoch last = r.last();
        LOG.info(String.format(
                "loss %.3f, train acc %.3f, test acc %.3f", last.trainLoss(), last.trainAcc(), last.testAcc()));
        LOG.info(String.format("%.1f examples/sec on %s", r.examplesPerSec(), Devices.tryGpu()));
        return r;
    }
}
