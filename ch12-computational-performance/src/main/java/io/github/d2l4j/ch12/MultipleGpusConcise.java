package io.github.d2l4j.ch12;

import io.github.d2l4j.common.data.DataIters;
import io.github.d2l4j.common.data.FashionMnist;
import io.github.d2l4j.common.device.OneDnn;
import io.github.d2l4j.common.metrics.Metrics;
import io.github.d2l4j.common.metrics.Timer;
import io.github.d2l4j.common.model.Dl4jNet;
import io.github.d2l4j.common.model.ResNet18;
import io.github.d2l4j.common.plot.Animator;
import io.github.d2l4j.common.section.BookSection;
import io.github.d2l4j.common.section.RunOptions;
import io.github.d2l4j.common.train.Scratch;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.parallelism.ParallelWrapper;
import org.deeplearning4j.parallelism.ParallelWrapper.TrainingMode;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.learning.config.Sgd;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The book's concise multi-device training: {@code d2l.resnet18(10, in_channels=1)} (d2l-common's
 * {@link ResNet18}: a 3x3 stem, no max pool, four stages of residual blocks) trained on
 * Fashion-MNIST with the framework's own data parallelism. The book wraps the network in {@code
 * nn.DataParallel}, which splits each minibatch over the GPUs, runs the replicas and sums their
 * gradients into one step; here DL4J's {@link ParallelWrapper} plays that part: each of its
 * workers trains a replica of the network on its own minibatches, and the replicas' parameters
 * are averaged.
 *
 * <p>The book's settings: {@code init_weights} N(0, 0.01^2) on every convolution and dense
 * weight; SGD; cross-entropy; 10 epochs; {@code train(net, num_gpus=1, batch_size=256, lr=0.1)}
 * and {@code train(net, num_gpus=2, batch_size=512, lr=0.2)}: with N workers, a batch of 256 N and
 * a learning rate of 0.1 N ({@code --batch-size} and {@code --lr} set the per-worker 256 and 0.1).
 * Each run starts from a freshly initialised network. The book's {@code train} calls {@code
 * init_weights} on the same {@code net} twice, which redraws the convolution and dense weights but
 * keeps the 1-GPU run's biases, batch-norm scales and running statistics for the 2-GPU run.
 *
 * <p>How the wrapper is set up, and why:
 *
 * <ul>
 *   <li>1 worker: a plain {@code net.fit}, as the book's one-GPU run; DL4J's wrapper refuses fewer
 *       than two workers.
 *   <li>N workers, {@link TrainingMode#AVERAGING} (the default): the iterator yields minibatches of
 *       256, one to each worker per round, so a round covers the book's batch of 256 N, each
 *       worker holding 256 as each of the book's GPUs does (and, as there, batch norm normalises
 *       over its worker's 256). {@code averagingFrequency(1)}: the parameters are averaged after
 *       every round. With plain SGD the average of N steps w - lr g_i is w - lr mean(g_i), the
 *       gradient of the whole 256 N batch: the book's step, in exact arithmetic (the unit test checks
 *       it). One exception, DL4J 1.0.0-M2.1's: its worker 0 trains this network itself and the
 *       other workers copy it when their threads start, which is after worker 0's first step, so
 *       the first round of each {@code fit} (each epoch) starts the others one step ahead; one
 *       round in 118 on a full epoch. A larger
 *       frequency would let the replicas drift apart for several steps, which the book's
 *       {@code DataParallel} never does. {@code averageUpdaters(true)}: plain SGD keeps no state,
 *       so it changes nothing here, but it keeps the average right for an updater with momentum.
 *   <li>{@link TrainingMode#SHARED_GRADIENTS} (an option of {@link Config}, not the book's): the
 *       workers exchange threshold-encoded gradient updates asynchronously, so the step is not
 *       the book's. A second {@code fit} on the same wrapper can deadlock in DL4J 1.0.0-M2.1
 *       (worker 0 holds the network's lock while it waits for worker 1, which waits for that lock
 *       to copy the updater state), so this mode builds a new wrapper for every epoch
 *       and shuts it down after it.
 *   <li>Every worker on oneDNN: M2.1's workers 1..N-1 rebuild their copies from the network's
 *       configuration, without the oneDNN helpers {@link #net} gives worker 0's network (M2.1 finds
 *       none by itself), and would run DL4J's slower built-in convolutions; {@link OneDnnTrainers}
 *       gives each copy its helpers through DL4J's hook for it.
 * </ul>
 *
 * <p>What differs on a CPU: the book's devices are GPUs, each with its own memory; here the
 * workers are threads of one process on the same cores (2 on the machine these figures come
 * from), and a replica is a copy in the same memory. ND4J already spreads one worker's
 * convolutions over every core, so a second worker finds no idle core (each worker's OpenMP wants both): two workers
 * are not expected to be faster (measured here: ch12 README), and the averaging adds a copy of the 11.2 million parameters per round. ResNet-18 on
 * 28x28 images keeps the full 28x28 through its first stage; one image costs about 1.4 billion
 * multiply-adds forward and backward (2.8 GFLOP), so an epoch of 60000 is about 170 TFLOP, which takes very long on 2 cores
 * ({@code --train-size} brings a run down to minutes). The book's figures on 2 GPUs (d2l-zh):
 * test accuracy 0.91 at about 13 s/epoch on one, 0.73 at about 7.5 s/epoch on two.
 *
 * <p>D2L 12.6, Concise Implementation for Multiple GPUs.
 */
@BookSection(
        id = "12.6",
        title = "Concise Implementation for Multiple GPUs",
        page = "https://zh.d2l.ai/chapter_computational-performance/multiple-gpus-concise.html")
public final class MultipleGpusConcise {
    private static final Logger LOG = LoggerFactory.getLogger(MultipleGpusConcise.class);

    private MultipleGpusConcise() {}

    /**
     * @param workerCounts the runs, one per number of workers (the book's {@code num_gpus=1},
     *     then {@code num_gpus=2})
     * @param numEpochs the book's {@code num_epochs = 10}
     * @param batchSizePerWorker the book's 256 per GPU: a run on N workers takes 256 N a step
     * @param lrPerWorker the book's 0.1 per GPU: a run on N workers uses 0.1 N
     * @param trainSize the first N training examples only, or null for all 60000
     * @param seed fixes the initial weights (the same for every run) and the shuffling
     * @param out the directory the accuracy plots are written into
     * @param mode how the workers combine their work (see the class javadoc)
     */
    public record Config(
            List<Integer> workerCounts,
            int numEpochs,
            int batchSizePerWorker,
            double lrPerWorker,
            Integer trainSize,
            long seed,
            Path out,
            TrainingMode mode) {
        public Config {
            Scratch.requireTraining(batchSizePerWorker, lrPerWorker, numEpochs);
            // each worker takes whole minibatches: no batch to split, so no upper bound
            workerCounts = MultipleGpus.requireRuns(workerCounts, null, trainSize);
            if (mode != TrainingMode.AVERAGING && mode != TrainingMode.SHARED_GRADIENTS) {
                throw new IllegalArgumentException("mode must be AVERAGING or SHARED_GRADIENTS, got " + mode);
            }
        }

        /**
         * The book's settings; {@code --workers N} runs N workers only instead of the book's two
         * runs, 1 then 2; {@code --batch-size} and {@code --lr} are per worker.
         */
        public static Config from(RunOptions o) {
            return new Config(
                    MultipleGpus.runsFor(o), // the book's two runs, or --workers N
                    o.epochs(10), // the book's num_epochs = 10
                    o.batchSize(256), // the book's batch_size=256 per GPU
                    o.lr(0.1), // the book's lr=0.1 per GPU
                    o.trainSize(),
                    o.seed(42),
                    o.out(),
                    TrainingMode.AVERAGING);
        }

        /** The whole batch of a step on {@code workers} workers: the book's 256 N. */
        public int batchSize(int workers) {
            return batchSizePerWorker * workers;
        }

        /** The learning rate on {@code workers} workers: the book's 0.1 N. */
        public double lr(int workers) {
            return lrPerWorker * workers;
        }
    }

    /** The book's two runs (or the one {@code --workers} names), each on freshly loaded data. */
    public static MultipleGpus.Result run(Config c) {
        List<MultipleGpus.Run> runs = new ArrayList<>();
        for (int k : c.workerCounts()) {
            DataIters data = FashionMnist.loadDataFashionMnist(c.batchSizePerWorker(), null, c.trainSize(), c.seed());
            runs.add(train(k, c, data));
        }
        return new MultipleGpus.Result(runs);
    }

    /**
     * The book's {@code d2l.resnet18(10, in_channels=1)} for 28x28 images, with SGD at {@code lr},
     * its convolutions, pools and batch norms on oneDNN ({@link OneDnn#layerHelpers}). Worker 0
     * trains this network itself and keeps them; the other workers' copies, which M2.1's {@code
     * ParallelWrapper} rebuilds from the configuration at every {@code fit}, get theirs from {@link
     * OneDnnTrainers}.
     */
    public static ComputationGraph net(double lr, long seed) {
        return OneDnn.layerHelpers(ResNet18.resnet18(10, 1, FashionMnist.ROWS, new Sgd(lr), seed));
    }

    /**
     * The book's {@code train(net, num_gpus, batch_size, lr)}: a fresh network, then per epoch
     * the training (timed) and the test accuracy; prints the book's last line, test accuracy,
     * seconds per epoch and the devices. {@code data}'s training iterator yields one worker's
     * minibatch (see the class javadoc).
     */
    public static MultipleGpus.Run train(int numGpus, Config c, DataIters data) {
        return train(net(c.lr(numGpus), c.seed()), numGpus, c, data);
    }

    /** {@link #train(int, Config, DataIters)} on a network of the caller's, who can inspect it after. */
    public static MultipleGpus.Run train(ComputationGraph net, int numGpus, Config c, DataIters data) {
        Path png = c.out().resolve("12.6-train-" + numGpus + ".png");
        Animator animator = MultipleGpus.accuracyPlot(png, c.numEpochs());
        Timer timer = new Timer();
        List<Double> testAcc = new ArrayList<>();
        Trainer trainer = numGpus == 1 ? net::fit : new Wrapped(net, numGpus, c.mode());
        try {
            for (int epoch = 0; epoch < c.numEpochs(); epoch++) {
                DataSetIterator trainIter = data.train();
                trainIter.reset();
                timer.start();
                trainer.epoch(trainIter);
                timer.stop();
                testAcc.add(Metrics.evaluateAccuracy(new Dl4jNet(net), data.test()));
                animator.add(epoch + 1, testAcc.get(epoch));
                LOG.info(MultipleGpus.epochLine(numGpus, epoch, timer));
            }
        } finally {
            if (trainer instanceof Wrapped w) {
                w.close();
            }
        }
        MultipleGpus.Run run = new MultipleGpus.Run(numGpus, List.copyOf(testAcc), timer.avg(), animator.path());
        LOG.info(MultipleGpus.lastLine(run));
        return run;
    }

    /** One epoch of training on a network. */
    @FunctionalInterface
    public interface Trainer {
        void epoch(DataSetIterator trainIter);
    }

    /**
     * {@code nn.DataParallel(net)}'s counterpart: a {@link ParallelWrapper} over {@code net} with
     * {@code workers} workers. AVERAGING keeps one wrapper for the run (M2.1's {@code fit} still
     * copies worker 0's network to the other workers anew each time); SHARED_GRADIENTS builds one
     * per epoch and shuts it down after it, the form that does not deadlock in M2.1 (a second {@code
     * fit} on the same wrapper can deadlock: worker 0 holds the network's lock while it waits for
     * worker 1, which waits for that lock to copy the updater).
     */
    public static final class Wrapped implements Trainer, AutoCloseable {
        private final ComputationGraph net;
        private final int workers;
        private final TrainingMode mode;
        private ParallelWrapper wrapper;

        public Wrapped(ComputationGraph net, int workers, TrainingMode mode) {
            this.net = net;
            this.workers = workers;
            this.mode = mode;
        }

        @Override
        public void epoch(DataSetIterator trainIter) {
            if (wrapper == null) {
                wrapper = build(net, workers, mode);
            }
            wrapper.fit(trainIter);
            if (mode == TrainingMode.SHARED_GRADIENTS) {
                close();
            }
        }

        @Override
        public void close() {
            if (wrapper != null) {
                wrapper.shutdown();
                wrapper = null;
            }
        }
    }

    /**
     * The wrapper as the class javadoc sets it up: averaging after every round of minibatches, every
     * worker's copy on oneDNN ({@link OneDnnTrainers}).
     */
    static ParallelWrapper build(ComputationGraph net, int workers, TrainingMode mode) {
        ParallelWrapper.Builder<?> b = new ParallelWrapper.Builder<>(net)
                .workers(workers)
                .prefetchBuffer(2 * workers) // batches ready for every worker's next round
                .trainingMode(mode);
        if (mode == TrainingMode.AVERAGING) {
            b.averagingFrequency(1).averageUpdaters(true);
        }
        return OneDnnTrainers.install(b.build());
    }
}
