package io.github.d2l4j.ch12;

import static io.github.d2l4j.common.train.Scratch.softmaxCrossEntropy;

import io.github.d2l4j.common.data.DataIters;
import io.github.d2l4j.common.data.FashionMnist;
import io.github.d2l4j.common.metrics.Metrics;
import io.github.d2l4j.common.metrics.Timer;
import io.github.d2l4j.common.plot.Animator;
import io.github.d2l4j.common.plot.Axes;
import io.github.d2l4j.common.section.BookSection;
import io.github.d2l4j.common.section.RunOptions;
import io.github.d2l4j.common.section.SectionResult;
import io.github.d2l4j.common.section.Summary;
import io.github.d2l4j.common.train.Scratch;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Pooling2DConfig;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Training on several devices from scratch, by data parallelism: every device holds its own copy
 * of the parameters, each minibatch is split into one shard per device, each device computes the
 * loss and gradients of its shard, the gradients are summed across devices and the sum copied back
 * to each ({@link #allreduce}), and every device then takes the same SGD step, so the copies stay
 * equal. One step on k devices with the batch split is therefore the same step as on one device
 * with the whole batch: that is the point of the section, and what {@code MultipleGpusTest} checks.
 *
 * <p>The book's LeNet variant, from scratch: a 3x3 convolution to 20 channels, ReLU, 2x2 average
 * pooling with stride 2; a 5x5 convolution to 50 channels, ReLU, the same pooling; flatten (800);
 * dense 128 with ReLU; dense 10. Weights {@code torch.randn(...) * 0.01}, biases zero. The forward
 * pass is a SameDiff graph of native ops on the worker's arrays; SameDiff supplies the gradients,
 * as {@code l.backward()} does. Convolution weights are kept in SameDiff's layout (kh, kw, in, out)
 * rather than PyTorch's (out, in, kh, kw), as in chapter 6's {@code LeNetScratch} (M2.1's {@code
 * conv2d_bp} fails on the other layout).
 *
 * <p>What differs from GPUs: a "device" here is a CPU worker, numbered from 0, whose parameters are
 * ordinary host arrays. {@code to(device)} is a copy ({@link INDArray#dup}) in the same memory, the
 * workers run one after the other in one thread, and nothing is transferred over PCIe or NVLink.
 * The arithmetic, and so the result of each step, is that of the book; the speed-up is not (on one
 * CPU, ND4J already uses every core for one worker's convolutions).
 *
 * <p>D2L 12.5, Training on Multiple GPUs (from scratch).
 */
@BookSection(
        id = "12.5",
        title = "Training on Multiple GPUs",
        page = "https://zh.d2l.ai/chapter_computational-performance/multiple-gpus.html")
public final class MultipleGpus {
    private static final Logger LOG = LoggerFactory.getLogger(MultipleGpus.class);

    private MultipleGpus() {}

    /**
     * @param workerCounts the runs, one per number of workers (the book's {@code train(num_gpus=1,
     *     ...)} then {@code train(num_gpus=2, ...)})
     * @param numEpochs the book's {@code num_epochs = 10}
     * @param batchSize the book's 256, the whole batch, split over the workers
     * @param lr the book's 0.2
     * @param trainSize the first N training examples only, or null for all 60000
     * @param seed fixes the initial parameters (the same for every run, as the book's global {@code
     *     params}) and the shuffling
     * @param out the directory the accuracy plot is written into
     */
    public record Config(
            List<Integer> workerCounts,
            int numEpochs,
            int batchSize,
            double lr,
            Integer trainSize,
            long seed,
            Path out) {
        public Config {
            Scratch.requireTraining(batchSize, lr, numEpochs);
            workerCounts = requireRuns(workerCounts, batchSize, trainSize);
        }

        /**
         * The book's settings; {@code --workers N} runs N workers only (one run, one plot) instead
         * of the book's two runs, 1 then 2.
         */
        public static Config from(RunOptions o) {
            return new Config(
                    runsFor(o), // the book's two runs, or --workers N
                    o.epochs(10), // the book's num_epochs = 10
                    o.batchSize(256), // the book's batch_size=256
                    o.lr(0.2), // the book's lr=0.2
                    o.trainSize(),
                    o.seed(42),
                    o.out());
        }
    }

    /** The book's two runs, 1 worker then 2, or the one that {@code --workers N} names. */
    static List<Integer> runsFor(RunOptions o) {
        Integer workers = o.workers();
        return workers == null ? List.of(1, 2) : List.of(workers);
    }

    /**
     * The runs' worker counts, checked: at least one, each at least 1 and, where the workers
     * split a batch of {@code batchSize} (null where they do not), at most that (a worker needs
     * one example at least); and a positive train size, if any.
     */
    static List<Integer> requireRuns(List<Integer> workerCounts, Integer batchSize, Integer trainSize) {
        if (workerCounts.isEmpty()) {
            throw new IllegalArgumentException("at least one worker count is needed, got none");
        }
        for (int k : workerCounts) {
            if (batchSize == null && k < 1) {
                throw new IllegalArgumentException("number of workers must be at least 1, got " + k);
            }
            if (batchSize != null && (k < 1 || k > batchSize)) {
                throw new IllegalArgumentException(
                        "number of workers must be between 1 and the batch size " + batchSize + ", got " + k);
            }
        }
        if (trainSize != null && trainSize < 1) {
            throw new IllegalArgumentException("train size must be positive, got " + trainSize);
        }
        return List.copyOf(workerCounts);
    }

    /** The test-accuracy plot of one run, {@code png}, with its x axis the epochs. */
    static Animator accuracyPlot(Path png, int numEpochs) {
        return new Animator(
                Axes.of()
                        .withLabels("epoch", "test acc")
                        .withXlim(1, Math.max(2, numEpochs)) // a one-epoch run still needs an axis
                        .withLegend("test acc"),
                png);
    }

    /**
     * A run's progress line after each epoch, beside the plot's {@code epoch N, test acc A}: the
     * workers and the epoch's training seconds.
     */
    static String epochLine(int workers, int epoch, Timer timer) {
        return String.format(
                "%d worker(s), epoch %d: %.1f sec",
                workers, epoch + 1, timer.times().get(epoch));
    }

    /** The book's last line of a run: test accuracy, seconds per epoch and the devices. */
    static String lastLine(Run r) {
        return String.format(
                "test acc: %.2f, %.1f sec/epoch on %s",
                r.finalTestAcc(),
                r.secondsPerEpoch(),
                IntStream.range(0, r.workers()).mapToObj(d -> "cpu-worker:" + d).toList());
    }

    /**
     * One run of {@link #train}.
     *
     * @param workers the number of workers
     * @param testAcc worker 0's test accuracy after each epoch
     * @param secondsPerEpoch the average training time of an epoch (the book's {@code timer.avg()})
     * @param plot the test accuracy against the epoch
     */
    public record Run(int workers, List<Double> testAcc, double secondsPerEpoch, Path plot) {
        public double finalTestAcc() {
            return testAcc.get(testAcc.size() - 1);
        }
    }

    /** @param runs one per worker count, in the order of {@link Config#workerCounts} */
    public record Result(List<Run> runs) implements SectionResult {
        @Override
        public Summary summary() {
            Summary s = Summary.of();
            for (Run r : runs) {
                s.add("test_acc_" + r.workers(), r.finalTestAcc())
                        .add("sec_per_epoch_" + r.workers(), r.secondsPerEpoch());
            }
            return s.add("plot", runs.get(runs.size() - 1).plot());
        }
    }

    public static Result run(Config c) {
        List<Run> runs = new ArrayList<>();
        for (int k : c.workerCounts()) {
            runs.add(train(k, c));
        }
        return new Result(runs);
    }

    /**
     * The book's {@code train(num_gpus, batch_size, lr)}: the parameters copied to every worker,
     * {@link #trainBatch} on every minibatch, and after each epoch the test accuracy of worker 0's
     * copy (all copies are equal). Prints the book's last line, test accuracy, seconds per epoch and
     * the devices. The workers take their turns in this one thread.
     */
    public static Run train(int numGpus, Config c) {
        DataIters data = FashionMnist.loadDataFashionMnist(c.batchSize(), null, c.trainSize(), c.seed());
        List<Integer> devices = IntStream.range(0, numGpus).boxed().toList();
        Map<String, INDArray> params = initParams(c.seed());
        List<Map<String, INDArray>> deviceParams =
                devices.stream().map(d -> getParams(params, d)).toList();
        Path png = c.out().resolve("12.5-train-" + numGpus + ".png");
        Animator animator = accuracyPlot(png, c.numEpochs());
        Timer timer = new Timer();
        List<Double> testAcc = new ArrayList<>();
        for (int epoch = 0; epoch < c.numEpochs(); epoch++) {
            timer.start();
            DataSetIterator trainIter = data.train();
            trainIter.reset();
            while (trainIter.hasNext()) {
                DataSet batch = trainIter.next();
                trainBatch(images(batch.getFeatures()), batch.getLabels(), deviceParams, devices, c.lr());
            }
            timer.stop();
            testAcc.add(evaluateAccuracy(deviceParams.get(0), data.test()));
            animator.add(epoch + 1, testAcc.get(epoch));
            LOG.info(epochLine(numGpus, epoch, timer));
        }
        Run run = new Run(numGpus, List.copyOf(testAcc), timer.avg(), animator.path());
        LOG.info(lastLine(run));
        return run;
    }

    /** The fraction of {@code dataIter}'s examples that {@code params} classify correctly. */
    static double evaluateAccuracy(Map<String, INDArray> params, DataSetIterator dataIter) {
        double correct = 0;
        long total = 0;
        dataIter.reset();
        while (dataIter.hasNext()) {
            DataSet batch = dataIter.next();
            correct += Metrics.accuracy(forward(params, images(batch.getFeatures())), batch.getLabels());
            total += batch.numExamples();
        }
        return correct / total;
    }

    /** Features as images (n, 1, 28, 28). */
    private static INDArray images(INDArray features) {
        return features.reshape(features.size(0), 1, 28, 28);
    }

    /** The book's {@code scale = 0.01}: weights are N(0, 0.01^2). */
    static final double SCALE = 0.01;

    /** The parameter names, in the book's order {@code [W1, b1, W2, b2, W3, b3, W4, b4]}. */
    public static final List<String> NAMES = List.of("W1", "b1", "W2", "b2", "W3", "b3", "W4", "b4");

    /**
     * The book's parameters: {@code W = torch.randn(shape) * 0.01}, {@code b = torch.zeros(n)}.
     * Convolution weights in SameDiff's (kh, kw, in, out) layout, dense weights (in, out).
     */
    public static Map<String, INDArray> initParams(long seed) {
        Nd4j.getRandom().setSeed(seed);
        Map<String, INDArray> params = new LinkedHashMap<>();
        params.put("W1", Nd4j.randn(DataType.FLOAT, 3, 3, 1, 20).muli(SCALE));
        params.put("b1", Nd4j.zeros(DataType.FLOAT, 20));
        params.put("W2", Nd4j.randn(DataType.FLOAT, 5, 5, 20, 50).muli(SCALE));
        params.put("b2", Nd4j.zeros(DataType.FLOAT, 50));
        params.put("W3", Nd4j.randn(DataType.FLOAT, 800, 128).muli(SCALE));
        params.put("b3", Nd4j.zeros(DataType.FLOAT, 128));
        params.put("W4", Nd4j.randn(DataType.FLOAT, 128, 10).muli(SCALE));
        params.put("b4", Nd4j.zeros(DataType.FLOAT, 10));
        return params;
    }

    /**
     * The book's {@code lenet(X, params)} on a SameDiff graph: logits (n, 10) for X (n, 1, 28, 28).
     * Shapes: 28 -> conv 3x3 -> 26 -> pool -> 13 -> conv 5x5 -> 9 -> pool -> 4; 50 * 4 * 4 = 800.
     */
    static SDVariable lenet(SDVariable X, Map<String, SDVariable> p) {
        SameDiff sd = X.getSameDiff();
        SDVariable h1 = avgPool(sd.nn.relu(conv(X, p.get("W1"), p.get("b1"), 3), 0));
        SDVariable h2 = avgPool(sd.nn.relu(conv(h1, p.get("W2"), p.get("b2"), 5), 0));
        SDVariable flat = h2.reshape(-1, 800); // channels first, as h2.reshape(h2.shape[0], -1)
        SDVariable h3 = sd.nn.relu(flat.mmul(p.get("W3")).add(p.get("b3")), 0);
        return h3.mmul(p.get("W4")).add(p.get("b4"));
    }

    /** {@code F.conv2d(X, W, b)}: a k x k convolution, stride 1, no padding. */
    private static SDVariable conv(SDVariable X, SDVariable W, SDVariable b, int k) {
        return X.getSameDiff()
                .cnn()
                .conv2d(X, W, b, Conv2DConfig.builder().kH(k).kW(k).build());
    }

    /** {@code F.avg_pool2d(h, kernel_size=(2, 2), stride=(2, 2))}; no padding, floor of odd sizes. */
    private static SDVariable avgPool(SDVariable X) {
        return X.getSameDiff()
                .cnn()
                .avgPooling2d(
                        X, Pooling2DConfig.builder().kH(2).kW(2).sH(2).sW(2).build());
    }

    /** The network's logits (n, 10) on {@code params} for X (n, 1, 28, 28); no gradients. */
    public static INDArray forward(Map<String, INDArray> params, INDArray X) {
        SameDiff sd = SameDiff.create();
        Map<String, SDVariable> p = new LinkedHashMap<>();
        params.forEach((name, value) -> p.put(name, sd.constant(name, value)));
        return lenet(sd.constant("X", X), p).eval();
    }

    /**
     * One worker's {@code loss(lenet(X, params), y).sum()} and, as {@code backward()} leaves them
     * in {@code param.grad}, its gradients by parameter name. y: one-hot rows (n, 10), as DL4J
     * keeps labels. The loss is PyTorch's {@code nn.CrossEntropyLoss(reduction='none')}, summed.
     */
    public static Map<String, INDArray> gradients(Map<String, INDArray> params, INDArray X, INDArray y) {
        SameDiff sd = SameDiff.create();
        SDVariable XVar = sd.placeHolder("X", DataType.FLOAT, -1, 1, 28, 28);
        SDVariable yVar = sd.placeHolder("y", DataType.FLOAT, -1, 10);
        Map<String, SDVariable> p = new LinkedHashMap<>();
        params.forEach((name, value) -> p.put(name, sd.var(name, value.dup())));
        softmaxCrossEntropy(lenet(XVar, p), yVar).sum("loss");
        sd.setLossVariables("loss");
        return sd.calculateGradients(Map.of("X", X.castTo(DataType.FLOAT), "y", y.castTo(DataType.FLOAT)), NAMES);
    }

    /**
     * The book's {@code get_params(params, device)}: a copy of every parameter for one device
     * ({@code p.to(device)}; {@code requires_grad_()} needs no counterpart, as SameDiff computes
     * gradients for any variable it is asked about). Here a device is CPU worker {@code device}, and
     * the copy is a {@code dup} in host memory (see the class javadoc).
     */
    public static Map<String, INDArray> getParams(Map<String, INDArray> params, int device) {
        if (device < 0) {
            throw new IllegalArgumentException("device must be 0 or more, got " + device);
        }
        Map<String, INDArray> copy = new LinkedHashMap<>();
        params.forEach((name, value) -> copy.put(name, value.dup()));
        return copy;
    }

    /**
     * The book's {@code allreduce(data)}: adds every array into the first, then copies the sum back
     * into each of the others, in place. Afterwards every array holds the sum of all of them.
     */
    public static void allreduce(List<INDArray> data) {
        if (data.isEmpty()) {
            throw new IllegalArgumentException("allreduce needs at least one array, got none");
        }
        for (int i = 1; i < data.size(); i++) {
            if (!data.get(i).equalShapes(data.get(0))) {
                throw new IllegalArgumentException("allreduce: array " + i + " has shape "
                        + Arrays.toString(data.get(i).shape()) + ", array 0 "
                        + Arrays.toString(data.get(0).shape()));
            }
        }
        for (int i = 1; i < data.size(); i++) {
            data.get(0).addi(data.get(i)); // data[0][:] += data[i].to(data[0].device)
        }
        for (int i = 1; i < data.size(); i++) {
            data.get(i).assign(data.get(0)); // data[i][:] = data[0].to(data[i].device)
        }
    }

    /** One shard per device: the examples and labels that go to it. */
    public record Shard(INDArray X, INDArray y) {}

    /**
     * The book's {@code split_batch(X, y, devices)}: X and y split along dimension 0 into one shard
     * per device, in order (256 on 2 workers: 128 + 128). Where k does not divide n, the first
     * {@code n % k} shards take one example more, so that every device gets a shard; PyTorch's
     * {@code nn.parallel.scatter} cuts chunks of {@code ceil(n / k)} instead, which can leave a
     * device without one (5 on 4: 2, 2, 1). A batch smaller than the number of devices is refused,
     * as it would leave a device with nothing.
     */
    public static List<Shard> splitBatch(INDArray X, INDArray y, List<Integer> devices) {
        int k = devices.size();
        long n = X.size(0);
        if (k < 1) {
            throw new IllegalArgumentException("split_batch needs at least one device, got none");
        }
        if (y.size(0) != n) {
            throw new IllegalArgumentException("split_batch: X has " + n + " examples but y has " + y.size(0));
        }
        if (n < k) {
            throw new IllegalArgumentException("split_batch: a batch of " + n + " cannot be split over " + k
                    + " devices (each needs at least one example)");
        }
        List<Shard> shards = new ArrayList<>();
        long start = 0;
        for (int c = 0; c < k; c++) {
            long end = start + n / k + (c < n % k ? 1 : 0); // the first n % k shards take one more
            shards.add(new Shard(rows(X, start, end), rows(y, start, end)));
            start = end;
        }
        return shards;
    }

    private static INDArray rows(INDArray a, long start, long end) {
        INDArrayIndex[] index = new INDArrayIndex[a.rank()];
        index[0] = NDArrayIndex.interval(start, end);
        for (int d = 1; d < a.rank(); d++) {
            index[d] = NDArrayIndex.all();
        }
        return a.get(index).dup();
    }

    /**
     * The book's {@code train_batch}: splits the batch over the devices, computes each device's
     * summed loss and gradients on its shard (one worker after another, in this thread), allreduces
     * each parameter's gradients across the devices, and takes {@code d2l.sgd(param, lr,
     * X.shape[0])} on every device: the step divides by the whole batch size, not the shard's.
     */
    public static void trainBatch(
            INDArray X, INDArray y, List<Map<String, INDArray>> deviceParams, List<Integer> devices, double lr) {
        Scratch.requirePositive(lr, "learning rate");
        if (deviceParams.size() != devices.size()) {
            throw new IllegalArgumentException(
                    "train_batch: " + deviceParams.size() + " parameter copies for " + devices.size() + " devices");
        }
        List<Shard> shards = splitBatch(X, y, devices);
        List<Map<String, INDArray>> grads = new ArrayList<>();
        for (int c = 0; c < shards.size(); c++) {
            grads.add(gradients(
                    deviceParams.get(c), shards.get(c).X(), shards.get(c).y()));
        }
        for (String name : NAMES) {
            allreduce(grads.stream().map(g -> g.get(name)).toList());
        }
        for (int c = 0; c < shards.size(); c++) {
            Scratch.sgd(deviceParams.get(c), grads.get(c), lr, X.size(0));
        }
    }
}
