package io.github.d2l4j.ch04;

import io.github.d2l4j.common.data.Data;
import io.github.d2l4j.common.data.DataHub;
import io.github.d2l4j.common.io.AtomicFile;
import io.github.d2l4j.common.plot.Axes;
import io.github.d2l4j.common.plot.Plot;
import io.github.d2l4j.common.section.BookSection;
import io.github.d2l4j.common.section.RunOptions;
import io.github.d2l4j.common.section.SectionResult;
import io.github.d2l4j.common.section.Summary;
import io.github.d2l4j.common.train.Divergence;
import io.github.d2l4j.common.train.Scratch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.datavec.api.records.reader.impl.csv.CSVRecordReader;
import org.datavec.api.split.FileSplit;
import org.datavec.api.writable.Writable;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.distribution.UniformDistribution;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole workflow on real tabular data: download through the data hub, clean and encode the
 * features, choose hyperparameters by K-fold cross-validation on the log RMSE, then train on all
 * the data and write {@code submission.csv}.
 *
 * <p>Preprocessing, as the book's pandas code: concatenate train and test features (Id and
 * SalePrice dropped), standardise each numeric column with its mean and sample standard deviation,
 * fill its missing values with 0 (the mean, after standardising), and one-hot every text column with
 * "missing" as a category of its own ({@code get_dummies(dummy_na=True)}). The real data gives 331
 * features.
 *
 * <p>D2L 4.10, Predicting House Prices on Kaggle.
 */
@BookSection(
        id = "4.10",
        title = "Predicting House Prices on Kaggle",
        page = "https://zh.d2l.ai/chapter_multilayer-perceptrons/kaggle-house-price.html")
public final class KaggleHousePrice {
    private static final Logger LOG = LoggerFactory.getLogger(KaggleHousePrice.class);

    public record Config(
            Path trainCsv,
            Path testCsv,
            int k,
            int numEpochs,
            double lr,
            double weightDecay,
            int batchSize,
            long seed,
            Path out) {
        public Config {
            if (k < 2) {
                throw new IllegalArgumentException("K-fold needs k >= 2, got " + k);
            }
            Scratch.requirePositive(numEpochs, "number of epochs");
            Scratch.requirePositive(lr, "learning rate");
            Scratch.requirePositive(batchSize, "batch size");
            if (weightDecay < 0) {
                throw new IllegalArgumentException("weight decay must be non-negative, got " + weightDecay);
            }
        }

        public static Config from(RunOptions o) {
            return new Config(
                    null, // null: the data hub's kaggle_house_train
                    null, // null: the data hub's kaggle_house_test
                    5, // the book's k = 5 folds
                    o.epochs(100), // the book's 100 epochs
                    o.lr(5), // 5: large, but Adam on standardised features takes it
                    0, // the book trains without weight decay here
                    o.batchSize(64), // the book's minibatch
                    o.seed(42), // fixes initialisation and shuffling, so that runs repeat
                    o.out());
        }
    }

    /** A CSV file as text: its header and rows, missing values ("NA" or empty) as null. */
    public record Table(List<String> columns, List<String[]> rows) {}

    /** The encoded features of train and test, the training labels, and the test Ids. */
    public record Features(
            List<String> names, INDArray train, INDArray test, INDArray trainLabels, List<String> testIds) {}

    public record Result(
            int numFeatures,
            double trainLogRmse,
            double validLogRmse,
            double finalTrainLogRmse,
            Path submission,
            Path plot)
            implements SectionResult {
        @Override
        public Summary summary() {
            return Summary.of()
                    .add("features", numFeatures)
                    .add("train_log_rmse", trainLogRmse)
                    .add("valid_log_rmse", validLogRmse)
                    .add("final_train_log_rmse", finalTrainLogRmse)
                    .add("submission", submission)
                    .add("plot", plot);
        }
    }

    public static Result run(Config c) {
        // 4.10.2-4.10.3: download through the data hub, read
        Path trainCsv = c.trainCsv() != null ? c.trainCsv() : DataHub.download("kaggle_house_train");
        Path testCsv = c.testCsv() != null ? c.testCsv() : DataHub.download("kaggle_house_test");
        Table train = readCsv(trainCsv);
        Table test = readCsv(testCsv);
        LOG.info(
                "train: {} rows x {} columns, test: {} rows x {} columns",
                train.rows().size(),
                train.columns().size(),
                test.rows().size(),
                test.columns().size());

        // 4.10.4: preprocessing
        Features f = preprocess(train, test);
        LOG.info(
                "{} features after standardising and one-hot encoding",
                f.names().size());

        // 4.10.7: K-fold cross-validation
        double[] kfold = kFold(c, f.train(), f.trainLabels());
        LOG.info(String.format(
                "%d-fold validation: average train log rmse %f, average valid log rmse %f", c.k(), kfold[0], kfold[1]));

        // 4.10.9: train on everything, predict, write the submission
        MultiLayerNetwork net = getNet(f.names().size(), c);
        double[] trainLs = train(net, f.train(), f.trainLabels(), null, null, c)[0];
        Path plot = Plot.plot(
                epochs(c.numEpochs()),
                List.of(trainLs),
                Axes.of()
                        .withLabels("epoch", "log rmse")
                        .withScales("linear", "log")
                        .withXlim(1, Math.max(2, c.numEpochs())),
                c.out().resolve("4.10-train.png"));
        double finalTrain = trainLs[trainLs.length - 1];
        LOG.info(String.format("train log rmse %f; plot: %s", finalTrain, plot.toAbsolutePath()));
        Path submission =
                writeSubmission(f.testIds(), net.output(f.test()), c.out().resolve("submission.csv"));
        LOG.info("wrote {}", submission.toAbsolutePath());
        return new Result(f.names().size(), kfold[0], kfold[1], finalTrain, submission, plot);
    }

    /** Reads a CSV with DataVec; every row must have as many fields as the header. */
    public static Table readCsv(Path csv) {
        if (!Files.isRegularFile(csv)) {
            throw new IllegalArgumentException("no such CSV file: " + csv);
        }
        List<String> header;
        try (var lines = Files.lines(csv)) {
            header = List.of(lines.findFirst()
                    .orElseThrow(() -> new IllegalArgumentException(csv + " is empty"))
                    .trim()
                    .split(",", -1));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + csv, e);
        }
        List<String[]> rows = new ArrayList<>();
        try (CSVRecordReader reader = new CSVRecordReader(1, ',', '"')) {
            reader.initialize(new FileSplit(csv.toFile()));
            for (int line = 2; reader.hasNext(); line++) {
                List<Writable> record = reader.next();
                if (record.size() != header.size()) {
                    throw new IllegalArgumentException(String.format(
                            "%s line %d has %d fields, the header has %d", csv, line, record.size(), header.size()));
                }
                rows.add(record.stream()
                        .map(Writable::toString)
                        .map(v -> v.isEmpty() || v.equals("NA") ? null : v)
                        .toArray(String[]::new));
            }
        } catch (IOException | InterruptedException e) {
            throw new IllegalArgumentException("cannot read " + csv + ": " + e, e);
        }
        return new Table(header, rows);
    }

    /** Encodes train and test features together, so both see the same columns and statistics. */
    public static Features preprocess(Table train, Table test) {
        List<String> tc = train.columns();
        if (tc.size() < 3 || !tc.get(0).equals("Id") || !tc.get(tc.size() - 1).equals("SalePrice")) {
            throw new IllegalArgumentException("the training CSV must start with Id and end with SalePrice: " + tc);
        }
        if (!test.columns().equals(tc.subList(0, tc.size() - 1))) {
            throw new IllegalArgumentException("the test CSV's columns do not match the training CSV's (less "
                    + "SalePrice):\n  train: " + tc + "\n  test:  " + test.columns());
        }
        List<String[]> all = new ArrayList<>();
        train.rows().forEach(r -> all.add(java.util.Arrays.copyOfRange(r, 1, r.length - 1)));
        test.rows().forEach(r -> all.add(java.util.Arrays.copyOfRange(r, 1, r.length)));
        List<String> featureColumns = tc.subList(1, tc.size() - 1);

        List<String> names = new ArrayList<>();
        List<double[]> columns = new ArrayList<>();
        List<Integer> categorical = new ArrayList<>();
        for (int j = 0; j < featureColumns.size(); j++) {
            if (isNumeric(all, j)) {
                names.add(featureColumns.get(j));
                columns.add(standardise(all, j));
            } else {
                categorical.add(j);
            }
        }
        for (int j : categorical) { // pandas puts the dummies after the numeric columns
            oneHot(all, j, featureColumns.get(j), names, columns);
        }
        int n = train.rows().size();
        INDArray features = Nd4j.create(DataType.FLOAT, all.size(), columns.size());
        for (int j = 0; j < columns.size(); j++) {
            features.putColumn(j, Nd4j.createFromArray(columns.get(j)).castTo(DataType.FLOAT));
        }
        INDArray labels = Nd4j.create(DataType.FLOAT, n, 1);
        for (int i = 0; i < n; i++) {
            String price = train.rows().get(i)[tc.size() - 1];
            if (price == null) {
                throw new IllegalArgumentException("training row " + (i + 1) + " has no SalePrice");
            }
            labels.putScalar(i, 0, Double.parseDouble(price));
        }
        List<String> ids = test.rows().stream().map(r -> r[0]).toList();
        return new Features(
                names,
                features.get(NDArrayIndex.interval(0, n), NDArrayIndex.all()).dup(),
                features.get(NDArrayIndex.interval(n, all.size()), NDArrayIndex.all())
                        .dup(),
                labels,
                ids);
    }

    private static boolean isNumeric(List<String[]> rows, int j) {
        for (String[] r : rows) {
            if (r[j] != null) {
                try {
                    Double.parseDouble(r[j]);
                } catch (NumberFormatException e) {
                    return false;
                }
            }
        }
        return true;
    }

    /** (x - mean) / std with pandas' sample standard deviation; missing values become 0. */
    private static double[] standardise(List<String[]> rows, int j) {
        double[] v = rows.stream()
                .filter(r -> r[j] != null)
                .mapToDouble(r -> Double.parseDouble(r[j]))
                .toArray();
        double mean = java.util.Arrays.stream(v).average().orElse(0);
        double var =
                java.util.Arrays.stream(v).map(x -> (x - mean) * (x - mean)).sum() / Math.max(1, v.length - 1);
        double std = Math.sqrt(var);
        double[] out = new double[rows.size()];
        for (int i = 0; i < out.length; i++) {
            String s = rows.get(i)[j];
            out[i] = s == null || std == 0 ? 0 : (Double.parseDouble(s) - mean) / std;
        }
        return out;
    }

    /** One indicator column per category, sorted, then one for "missing", as get_dummies(dummy_na=True). */
    private static void oneHot(List<String[]> rows, int j, String name, List<String> names, List<double[]> columns) {
        TreeSet<String> categories = new TreeSet<>();
        rows.forEach(r -> {
            if (r[j] != null) {
                categories.add(r[j]);
            }
        });
        List<String> values = new ArrayList<>(categories);
        values.add(null);
        for (String value : values) {
            double[] col = new double[rows.size()];
            for (int i = 0; i < col.length; i++) {
                col[i] = java.util.Objects.equals(rows.get(i)[j], value) ? 1 : 0;
            }
            names.add(name + "_" + (value == null ? "nan" : value));
            columns.add(col);
        }
    }

    /**
     * 4.10.5: {@code nn.Linear(inFeatures, 1)} with PyTorch's default initialisation, MSE, and
     * Adam(lr) with weight decay on the weights.
     */
    public static MultiLayerNetwork getNet(int inFeatures, Config c) {
        double bound = 1 / Math.sqrt(inFeatures);
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder()
                .seed(c.seed())
                .updater(new Adam(c.lr()))
                .list()
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE)
                        .nIn(inFeatures)
                        .nOut(1)
                        .activation(Activation.IDENTITY)
                        .weightInit(new UniformDistribution(-bound, bound))
                        .l2(c.weightDecay())
                        .build())
                .build());
        net.init();
        Nd4j.getRandom().setSeed(c.seed());
        net.getParam("0_b")
                .assign(Nd4j.rand(DataType.FLOAT, 1, 1).muli(2 * bound).subi(bound));
        return net;
    }

    /**
     * \( \sqrt{\frac{1}{n}\sum_i (\log \hat{y}_i - \log y_i)^2} \), with predictions clamped at 1 so
     * that the logarithm is defined: relative errors, as the competition scores them.
     */
    public static double logRmse(MultiLayerNetwork net, INDArray features, INDArray labels) {
        INDArray clipped = Transforms.max(net.output(features), 1.0, false);
        INDArray diff = Transforms.log(clipped, false).subi(Transforms.log(labels, true));
        return Math.sqrt(diff.muli(diff).meanNumber().doubleValue());
    }

    /** Trains for numEpochs and returns the log RMSE per epoch on train and, if given, test. */
    public static double[][] train(
            MultiLayerNetwork net, INDArray trainX, INDArray trainY, INDArray testX, INDArray testY, Config c) {
        var iter = Data.loadArray(trainX, trainY, c.batchSize(), true, c.seed());
        double[] trainLs = new double[c.numEpochs()];
        double[] testLs = new double[c.numEpochs()];
        for (int epoch = 0; epoch < c.numEpochs(); epoch++) {
            iter.reset();
            net.fit(iter);
            // the MSE of the epoch's last batch: the log rmse clamps predictions at 1, so it can hide a NaN
            Divergence.requireFinite(epoch + 1, net.score());
            trainLs[epoch] = logRmse(net, trainX, trainY);
            testLs[epoch] = testX == null ? Double.NaN : logRmse(net, testX, testY);
        }
        return new double[][] {trainLs, testLs};
    }

    /** The i-th of k folds as validation, the rest as training: {trainX, trainY, validX, validY}. */
    public static INDArray[] kFoldData(int k, int i, INDArray X, INDArray y) {
        int foldSize = (int) (X.size(0) / k); // as the book, rows past k * foldSize are left out
        if (foldSize == 0) {
            throw new IllegalArgumentException("k = " + k + " folds need at least k examples, got " + X.size(0));
        }
        List<INDArray> trainX = new ArrayList<>();
        List<INDArray> trainY = new ArrayList<>();
        INDArray validX = null;
        INDArray validY = null;
        for (int j = 0; j < k; j++) {
            INDArray xPart = X.get(NDArrayIndex.interval(j * foldSize, (j + 1) * foldSize), NDArrayIndex.all());
            INDArray yPart = y.get(NDArrayIndex.interval(j * foldSize, (j + 1) * foldSize), NDArrayIndex.all());
            if (j == i) {
                validX = xPart.dup();
                validY = yPart.dup();
            } else {
                trainX.add(xPart);
                trainY.add(yPart);
            }
        }
        return new INDArray[] {
            Nd4j.concat(0, trainX.toArray(INDArray[]::new)),
            Nd4j.concat(0, trainY.toArray(INDArray[]::new)),
            validX,
            validY
        };
    }

    /** 4.10.6: K-fold cross-validation; returns the average final {train, valid} log RMSE. */
    public static double[] kFold(Config c, INDArray X, INDArray y) {
        double trainSum = 0;
        double validSum = 0;
        for (int i = 0; i < c.k(); i++) {
            INDArray[] d = kFoldData(c.k(), i, X, y);
            MultiLayerNetwork net = getNet((int) X.size(1), c);
            double[][] ls = train(net, d[0], d[1], d[2], d[3], c);
            double trainLs = ls[0][c.numEpochs() - 1];
            double validLs = ls[1][c.numEpochs() - 1];
            trainSum += trainLs;
            validSum += validLs;
            if (i == 0) {
                Path png = Plot.plot(
                        epochs(c.numEpochs()),
                        List.of(ls[0], ls[1]),
                        Axes.of()
                                .withLabels("epoch", "rmse")
                                .withScales("linear", "log")
                                .withXlim(1, Math.max(2, c.numEpochs()))
                                .withLegend("train", "valid"),
                        c.out().resolve("4.10-kfold.png"));
                LOG.info("plot: {}", png.toAbsolutePath());
            }
            LOG.info(String.format("fold %d, train log rmse %f, valid log rmse %f", i + 1, trainLs, validLs));
        }
        return new double[] {trainSum / c.k(), validSum / c.k()};
    }

    /** Writes Id,SalePrice for every test house, to a temporary file renamed into place. */
    public static Path writeSubmission(List<String> ids, INDArray preds, Path csv) {
        StringBuilder sb = new StringBuilder("Id,SalePrice\n");
        for (int i = 0; i < ids.size(); i++) {
            sb.append(ids.get(i)).append(',').append(preds.getDouble(i, 0)).append('\n');
        }
        try {
            return AtomicFile.write(csv, out -> out.write(sb.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + csv, e);
        }
    }

    private static double[] epochs(int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = i + 1;
        }
        return x;
    }
}
