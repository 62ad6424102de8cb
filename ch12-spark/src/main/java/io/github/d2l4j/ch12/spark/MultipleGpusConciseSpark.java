package io.github.d2l4j.ch12.spark;

import io.github.d2l4j.common.data.DataUnavailableException;
import io.github.d2l4j.common.data.FashionMnist;
import io.github.d2l4j.common.data.FashionMnistFiles;
import io.github.d2l4j.common.device.OneDnn;
import io.github.d2l4j.common.metrics.Timer;
import io.github.d2l4j.common.model.ResNet18;
import io.github.d2l4j.common.plot.Animator;
import io.github.d2l4j.common.plot.Axes;
import io.github.d2l4j.common.train.Divergence;
import io.github.d2l4j.common.train.Scratch;
import io.github.d2l4j.common.train.TrainingDivergedException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.api.TrainingHook;
import org.deeplearning4j.spark.api.TrainingMaster;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.deeplearning4j.spark.parameterserver.training.SharedTrainingMaster;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.parameterserver.distributed.conf.VoidConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The book's 12.6 on Apache Spark: its ResNet-18 ({@link ResNet18}, the book's {@code
 * d2l.resnet18}) trained on Fashion-MNIST by DL4J's {@code SparkComputationGraph}, the engine a
 * user reaches for once one machine is not enough. Spark runs here in local mode, {@code
 * local[N]}: N executor threads of one JVM stand for N machines, bound to 127.0.0.1, with Spark's
 * web UI off. Each worker trains its own copy of the network on its share of an RDD of
 * Fashion-MNIST minibatches; a {@code TrainingMaster} decides how the copies stay in step.
 *
 * <ul>
 *   <li><b>Parameter averaging</b> ({@code ParameterAveragingTrainingMaster}, the default): each
 *       worker takes an SGD step on its minibatch, then the driver averages the parameters. With
 *       averaging after every step, as here, a step on N workers with {@code batch / N} examples
 *       each is the book's {@code nn.DataParallel} step on the whole batch: the average of N
 *       updates {@code lr * g_i} is {@code lr} times the batch's mean gradient. It is synchronous
 *       and deterministic (the same seed gives the same numbers).
 *   <li><b>Gradient sharing</b> ({@code SharedTrainingMaster}, {@code --mode sharing}): the
 *       workers send each other threshold-encoded gradient updates through Aeron (UDP, here on
 *       loopback) as they train, asynchronously, and keep the residual below the threshold for
 *       later. It scales better on a real cluster, and its runs do not repeat exactly. Two
 *       known faults of DL4J M2, measured here: it can deadlock (1 run in 9, a feeder thread
 *       waiting for a training thread that is gone), so every {@code fit} runs under an outer
 *       timeout ({@link Config#timeout}); and Aeron's media driver leaves an {@code aeron-*}
 *       directory in {@code /dev/shm} after every run, which the run removes ({@link AeronDirs}).
 *       Its {@code getScore()} is always 0, so no training loss is reported in this mode.
 * </ul>
 *
 * <p>The book's settings per worker count: batch 256 and learning rate 0.1 for one GPU, 512 and
 * 0.2 for two, that is {@code 256 * N} and {@code 0.1 * N}, split evenly over the workers. Its
 * {@code init_weights} (N(0, 0.01²)), SGD and cross-entropy are {@link ResNet18}'s. As in the book,
 * the test accuracy is measured once an epoch, on the driver's copy, in evaluation mode.
 *
 * <p><b>What differs from the book, and from the one-JVM 12.6.</b> The book's devices are GPUs; here
 * they are Spark executors on the CPU (or on GPUs with {@code -Pcuda}, with nothing else changed).
 * Spark ships the parameters to the workers and back for every averaging, and starting its context
 * takes seconds: on one 2-core machine it is slower than a plain {@code fit}, and it is here as
 * the tested path to a cluster, not for speed. The driver's network runs on oneDNN ({@link
 * OneDnn#layerHelpers}); the workers' copies, which DL4J rebuilds from the configuration, get the
 * helpers from a training hook under parameter averaging, and run on DL4J's built-in path under
 * gradient sharing, whose master takes no hooks.
 *
 * <p><b>On a real cluster.</b> The same class runs unchanged under {@code spark-submit}: build a
 * jar with its dependencies (Spark's own marked {@code provided}), then {@code spark-submit
 * --master spark://HOST:7077 (or yarn, or k8s://...) --class
 * io.github.d2l4j.ch12.spark.MultipleGpusConciseSpark app.jar --workers N ...}. When {@code
 * spark.master} is set, as spark-submit sets it, this class neither sets the master nor binds to
 * 127.0.0.1. What changes: the master URL; {@code --workers} is then the number of partitions and
 * the batch split, matched to the executors' cores; the export directory, where the RDD's
 * minibatches are written for the workers, must be a file system every node sees (HDFS, S3; a
 * local temp directory here); for gradient sharing, {@code VoidConfiguration}'s controller
 * address becomes the driver's address and its network mask the cluster's network, with the UDP
 * port (40123) open between the nodes. What does not: the network, the RDD of minibatches, the
 * training masters and their settings, the JVM flags on Java 17 (see the module README), and the
 * numbers parameter averaging gives.
 *
 * <p>D2L 12.6, Concise Implementation for Multiple GPUs, on Apache Spark
 * (https://zh.d2l.ai/chapter_computational-performance/multiple-gpus-concise.html).
 */
public final class MultipleGpusConciseSpark {
    private static final Logger LOG = LoggerFactory.getLogger(MultipleGpusConciseSpark.class);

    /** The exit status of a run whose {@code fit} outlived the timeout, as {@code timeout(1)}'s. */
    public static final int EXIT_TIMEOUT = 124;

    /** The port gradient sharing's Aeron transport listens on. */
    static final int SHARING_PORT = 40123;

    /** The two ways DL4J keeps the workers' copies in step. */
    public enum Mode {
        AVERAGING,
        SHARING;

        /** "averaging" or "sharing", as on the command line. */
        static Mode parse(String s) {
            for (Mode m : values()) {
                if (m.name().equalsIgnoreCase(s)) {
                    return m;
                }
            }
            throw new IllegalArgumentException("mode must be averaging or sharing, got " + s);
        }

        String label() {
            return this == AVERAGING ? "parameter averaging" : "gradient sharing";
        }
    }

    /**
     * A run's settings.
     *
     * @param workers Spark's local threads ({@code local[N]}), each a worker with its own copy
     * @param epochs passes over the training set
     * @param batchSize the minibatch of one step on all workers together, split evenly
     * @param lr SGD's learning rate
     * @param trainSize train on the first N training examples, or null for all 60,000
     * @param testSize evaluate on the first N test examples, or null for all 10,000 (as the book)
     * @param mode parameter averaging or gradient sharing
     * @param seed fixes the initial weights and the order of the minibatches
     * @param out the directory for the plot
     * @param timeout the longest one epoch's {@code fit} may take before the run is called hung
     */
    public record Config(
            int workers,
            int epochs,
            int batchSize,
            double lr,
            Integer trainSize,
            Integer testSize,
            Mode mode,
            long seed,
            Path out,
            Duration timeout) {
        public Config {
            if (workers < 1) {
                throw new IllegalArgumentException("workers must be at least 1, got " + workers);
            }
            Scratch.requireTraining(batchSize, lr, epochs);
            if (batchSize % workers != 0) {
                throw new IllegalArgumentException(
                        "batch size must split evenly over the workers, got " + batchSize + " for " + workers);
            }
            if (trainSize != null && (trainSize < batchSize || trainSize > FashionMnist.TRAIN_SIZE)) {
                throw new IllegalArgumentException("train size must be between the batch size (" + batchSize + ") and "
                        + FashionMnist.TRAIN_SIZE + ", got " + trainSize);
            }
            if (testSize != null && (testSize < 1 || testSize > 10_000)) {
                throw new IllegalArgumentException("test size must be between 1 and 10000, got " + testSize);
            }
            if (mode == null || out == null) {
                throw new IllegalArgumentException("mode and out must be given");
            }
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive, got " + timeout);
            }
        }

        /** The book's settings for {@code workers} devices: batch 256 and lr 0.1 for each. */
        public static Config book(int workers) {
            if (workers < 1) {
                throw new IllegalArgumentException("workers must be at least 1, got " + workers);
            }
            return new Config(
                    workers,
                    10, // the book's num_epochs
                    256 * workers, // the book's 256 on one GPU, 512 on two
                    0.1 * workers, // the book's 0.1 on one GPU, 0.2 on two
                    null,
                    null,
                    Mode.AVERAGING,
                    42, // the project's seed; the book seeds nothing
                    Path.of("target", "plots"),
                    defaultTimeout(FashionMnist.TRAIN_SIZE));
        }

        /**
         * Ten minutes plus a second per training example: an epoch of ResNet-18 took 0.4 s an
         * image on 2 busy cores here, so only a hung {@code fit} runs past it.
         */
        static Duration defaultTimeout(int trainSize) {
            return Duration.ofMinutes(10).plusSeconds(trainSize);
        }

        /** Minibatch size on each worker. */
        public int batchSizePerWorker() {
            return batchSize / workers;
        }

        /**
         * The command line: {@code --workers N} first sets the book's batch and lr for N workers,
         * then {@code --epochs}, {@code --batch-size}, {@code --lr}, {@code --train-size}, {@code
         * --test-size}, {@code --mode averaging|sharing}, {@code --seed}, {@code --out} and {@code --timeout-minutes}
         * override them.
         *
         * @throws IllegalArgumentException naming the option for anything unknown or malformed
         */
        public static Config parse(String... args) {
            if (args.length % 2 != 0) {
                throw new IllegalArgumentException("options come in pairs (--name value), got " + List.of(args));
            }
            int workers = 2;
            for (int i = 0; i < args.length; i += 2) {
                if (args[i].equals("--workers")) {
                    workers = parseInt(args[i], args[i + 1]);
                }
            }
            Config c = book(workers);
            int epochs = c.epochs();
            int batchSize = c.batchSize();
            double lr = c.lr();
            Integer trainSize = null;
            Integer testSize = null;
            Mode mode = c.mode();
            long seed = c.seed();
            Path out = c.out();
            Duration timeout = null;
            for (int i = 0; i < args.length; i += 2) {
                String name = args[i];
                String value = args[i + 1];
                switch (name) {
                    case "--workers" -> {}
                    case "--epochs" -> epochs = parseInt(name, value);
                    case "--batch-size" -> batchSize = parseInt(name, value);
                    case "--lr" -> lr = parseDouble(name, value);
                    case "--train-size" -> trainSize = parseInt(name, value);
                    case "--test-size" -> testSize = parseInt(name, value);
                    case "--mode" -> mode = Mode.parse(value);
                    case "--seed" -> seed = (long) parseInt(name, value);
                    case "--out" -> out = Path.of(value);
                    case "--timeout-minutes" -> timeout = Duration.ofMinutes(parseInt(name, value));
                    default -> throw new IllegalArgumentException("unknown option " + name);
                }
            }
            if (timeout == null) {
                timeout = defaultTimeout(trainSize == null ? FashionMnist.TRAIN_SIZE : trainSize);
            }
            return new Config(workers, epochs, batchSize, lr, trainSize, testSize, mode, seed, out, timeout);
        }

        private static int parseInt(String name, String value) {
            try {
                return Integer.parseInt(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + " takes a whole number, got " + value);
            }
        }

        private static double parseDouble(String name, String value) {
            try {
                return Double.parseDouble(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + " takes a number, got " + value);
            }
        }
    }

    /**
     * What a run gives.
     *
     * @param net the driver's trained network
     * @param trainLosses Spark's mean training loss of each epoch (parameter averaging; NaN under
     *     gradient sharing, whose master reports none)
     * @param testAccs the test accuracy after each epoch
     * @param secPerEpoch the mean seconds of an epoch's {@code fit}, as the book's {@code timer.avg()}
     */
    public record Result(ComputationGraph net, List<Double> trainLosses, List<Double> testAccs, double secPerEpoch) {}

    /** Thrown when a {@code fit} outlives {@link Config#timeout}: the known gradient-sharing hang. */
    public static final class TrainingHungException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TrainingHungException(String message) {
            super(message);
        }
    }

    private MultipleGpusConciseSpark() {}

    public static void main(String[] args) {
        Config c;
        try {
            c = Config.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("bad input: " + e.getMessage());
            System.exit(2);
            return;
        }
        // Ctrl-C or SIGTERM skips run's clean-up: remove Aeron's /dev/shm directories on the way out
        Set<Path> aeronBefore = AeronDirs.list(AeronDirs.SHM);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(() -> AeronDirs.removeNew(AeronDirs.SHM, aeronBefore), "aeron-clean-up"));
        try {
            Result r = run(c);
            System.out.printf(
                    Locale.ROOT,
                    "result section=12.6-spark mode=%s workers=%d epochs=%d test_acc=%.4f sec_per_epoch=%.1f%n",
                    c.mode().name().toLowerCase(Locale.ROOT),
                    c.workers(),
                    c.epochs(),
                    r.testAccs().get(r.testAccs().size() - 1),
                    r.secPerEpoch());
        } catch (TrainingHungException e) {
            System.err.println(e.getMessage());
            // Spark's shutdown hook would wait for the hung job: leave at once, /dev/shm cleaned
            Runtime.getRuntime().halt(EXIT_TIMEOUT);
        } catch (DataUnavailableException e) { // the runner's exit statuses (README, RELIABILITY.md)
            System.err.println(e.getMessage());
            System.exit(1);
        } catch (TrainingDivergedException e) {
            System.err.println(e.getMessage());
            System.exit(3);
        } catch (RuntimeException e) {
            e.printStackTrace();
            System.exit(70);
        }
        System.exit(0); // Spark and Aeron leave non-daemon threads behind
    }

    /** Trains the book's ResNet-18 on Fashion-MNIST as {@code c} says, on Spark in local mode. */
    public static Result run(Config c) {
        Path dir = FashionMnistFiles.resolve(FashionMnistFiles.Sources.defaults());
        FashionMnist.Split train = FashionMnist.load(dir, true);
        if (c.trainSize() != null) {
            train = train.head(c.trainSize());
        }
        List<DataSet> batches = minibatches(FashionMnist.iterator(train, c.batchSizePerWorker(), true, c.seed()));
        FashionMnist.Split testSplit = FashionMnist.load(dir, false);
        if (c.testSize() != null) {
            testSplit = testSplit.head(c.testSize());
        }
        DataSetIterator test = FashionMnist.iterator(testSplit, 256, false, c.seed());
        ComputationGraph net =
                ResNet18.resnet18(FashionMnist.NUM_CLASSES, 1, FashionMnist.ROWS, new Sgd(c.lr()), c.seed());
        LOG.info(
                "12.6 on Spark: ResNet-18, {} on local[{}], {} minibatches of {} a worker, lr {}",
                c.mode().label(),
                c.workers(),
                batches.size(),
                c.batchSizePerWorker(),
                c.lr());
        try (JavaSparkContext sc = sparkContext(c.workers())) {
            JavaRDD<DataSet> rdd = sc.parallelize(batches, c.workers());
            return train(
                    sc,
                    net,
                    rdd,
                    test,
                    c,
                    c.out().resolve("12.6-spark-" + c.mode().name().toLowerCase(Locale.ROOT) + ".png"));
        }
    }

    /** Every minibatch of {@code it}, in its order: the elements of the training RDD. */
    static List<DataSet> minibatches(DataSetIterator it) {
        List<DataSet> batches = new ArrayList<>();
        while (it.hasNext()) {
            batches.add(it.next());
        }
        return batches;
    }

    /**
     * A Spark context for {@code workers} local workers, bound to 127.0.0.1 with the web UI off;
     * under spark-submit, which sets {@code spark.master}, the cluster's.
     */
    static JavaSparkContext sparkContext(int workers) {
        SparkConf conf = new SparkConf().setAppName("d2l4j 12.6 on Spark");
        if (!conf.contains("spark.master")) {
            conf.setMaster("local[" + workers + "]")
                    .set("spark.driver.host", "127.0.0.1")
                    .set("spark.driver.bindAddress", "127.0.0.1");
        }
        conf.setIfMissing("spark.ui.enabled", "false");
        return new JavaSparkContext(conf);
    }

    /**
     * The book's training loop on Spark: per epoch one {@code fit} over the RDD (under the
     * timeout), then the test accuracy on the driver, plotted into {@code plot} (no file when
     * null). Removes the export directory and the {@code /dev/shm} Aeron directories the run
     * created, also when it fails.
     */
    public static Result train(
            JavaSparkContext sc,
            ComputationGraph net,
            JavaRDD<DataSet> trainRdd,
            DataSetIterator testIter,
            Config c,
            Path plot) {
        Set<Path> aeronBefore = AeronDirs.list(AeronDirs.SHM);
        Path export = tempDirectory();
        OneDnn.layerHelpers(net); // the driver's copy, which evaluates
        TrainingMaster<?, ?> master = trainingMaster(c, export);
        SparkComputationGraph sparkNet = new SparkComputationGraph(sc, net, master);
        Animator animator = new Animator(
                Axes.of()
                        .withLabels("epoch", "test acc")
                        .withXlim(1, Math.max(2, c.epochs()))
                        .withLegend("test acc"),
                plot);
        Timer timer = new Timer();
        List<Double> losses = new ArrayList<>();
        List<Double> accs = new ArrayList<>();
        try {
            for (int epoch = 1; epoch <= c.epochs(); epoch++) {
                timer.start();
                fitWithin(sparkNet, trainRdd, c.timeout(), epoch);
                double seconds = timer.stop();
                double loss = c.mode() == Mode.AVERAGING ? sparkNet.getScore() : Double.NaN;
                if (c.mode() == Mode.AVERAGING) {
                    Divergence.requireFinite(epoch, loss);
                }
                losses.add(loss);
                testIter.reset();
                double acc = sparkNet.getNetwork().evaluate(testIter).accuracy();
                accs.add(acc);
                LOG.info(
                        c.mode() == Mode.AVERAGING
                                ? String.format(
                                        Locale.ROOT, "epoch %d, train loss %.4f, %.1f sec", epoch, loss, seconds)
                                : String.format(Locale.ROOT, "epoch %d, %.1f sec", epoch, seconds));
                animator.add(epoch, acc); // logs "epoch N, test acc …"
            }
        } finally {
            AeronDirs.deleteTree(export);
            List<Path> removed = AeronDirs.removeNew(AeronDirs.SHM, aeronBefore);
            if (!removed.isEmpty()) {
                LOG.info("removed Aeron's {}", removed);
            }
        }
        // the book's last line: 测试精度：…，…秒/轮，在[…]
        LOG.info(String.format(
                Locale.ROOT,
                "test acc: %.2f, %.1f sec/epoch on local[%d] (%s)",
                accs.get(accs.size() - 1),
                timer.avg(),
                c.workers(),
                c.mode().label()));
        return new Result(sparkNet.getNetwork(), losses, accs, timer.avg());
    }

    /** The training master for {@code c}'s mode; the RDD's minibatches are exported to {@code export}. */
    static TrainingMaster<?, ?> trainingMaster(Config c, Path export) {
        int perWorker = c.batchSizePerWorker();
        String exportUri = export.toUri().toString();
        if (c.mode() == Mode.AVERAGING) {
            return new ParameterAveragingTrainingMaster.Builder(perWorker) // examples per RDD element
                    .batchSizePerWorker(perWorker)
                    .averagingFrequency(1) // after every step: the book's synchronous data-parallel SGD
                    .workerPrefetchNumBatches(2)
                    .rddTrainingApproach(RDDTrainingApproach.Export)
                    .exportDirectory(exportUri)
                    .rngSeed(c.seed())
                    .trainingHooks(new OneDnnHook())
                    .build();
        }
        // local mode: every worker and the driver on loopback; on a cluster, the driver's address and network
        VoidConfiguration voidConf = VoidConfiguration.builder()
                .unicastPort(SHARING_PORT)
                .controllerAddress("127.0.0.1")
                .networkMask("127.0.0.0/8")
                .build();
        return new SharedTrainingMaster.Builder(voidConf, perWorker) // examples per RDD element
                .batchSizePerWorker(perWorker)
                .workerPrefetchNumBatches(2)
                .rddTrainingApproach(RDDTrainingApproach.Export)
                .exportDirectory(exportUri)
                .rngSeed(c.seed())
                .build();
    }

    /**
     * One epoch's {@code fit} on a thread of its own, waited for at most {@code timeout}; past it
     * the Spark jobs are cancelled and {@link TrainingHungException} names the epoch. A failure
     * inside {@code fit} is rethrown as it was.
     */
    static void fitWithin(SparkComputationGraph sparkNet, JavaRDD<DataSet> rdd, Duration timeout, int epoch) {
        ExecutorService single = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "spark-fit-epoch-" + epoch);
            t.setDaemon(true); // a hung fit must not keep the JVM alive
            return t;
        });
        try {
            Future<?> fit = single.submit(() -> sparkNet.fit(rdd));
            fit.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            sparkNet.getSparkContext().cancelAllJobs();
            throw new TrainingHungException("epoch " + epoch + "'s fit took longer than " + timeout
                    + ": taken as gradient sharing's known hang (DL4J M2); run again, or raise --timeout-minutes");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted in epoch " + epoch, e);
        } finally {
            single.shutdownNow();
        }
    }

    private static Path tempDirectory() {
        try {
            return Files.createTempDirectory("d2l4j-12.6-spark-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Gives a worker's copy of the network its oneDNN helpers before its first step ({@link
     * OneDnn#layerHelpers}, a no-op for a layer that has one): DL4J rebuilds the copy from the
     * configuration, without them.
     */
    static final class OneDnnHook implements TrainingHook {
        private static final long serialVersionUID = 1L;

        @Override
        public void preUpdate(org.nd4j.linalg.dataset.api.DataSet minibatch, Model model) {
            if (model instanceof ComputationGraph g) {
                OneDnn.layerHelpers(g);
            }
        }

        @Override
        public void postUpdate(org.nd4j.linalg.dataset.api.DataSet minibatch, Model model) {}

        @Override
        public void preUpdate(MultiDataSet minibatch, Model model) {
            preUpdate((org.nd4j.linalg.dataset.api.DataSet) null, model);
        }

        @Override
        public void postUpdate(MultiDataSet minibatch, Model model) {}
    }
}
