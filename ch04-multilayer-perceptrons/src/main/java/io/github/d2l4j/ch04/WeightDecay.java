package io.github.d2l4j.ch04;

import static io.github.d2l4j.common.train.Scratch.linreg;
import static io.github.d2l4j.common.train.Scratch.sgd;
import static io.github.d2l4j.common.train.Scratch.squaredLoss;

import io.github.d2l4j.common.data.ArrayDataSetIterator;
import io.github.d2l4j.common.data.Data;
import io.github.d2l4j.common.metrics.Metrics;
import io.github.d2l4j.common.model.Dl4jNet;
import io.github.d2l4j.common.plot.Animator;
import io.github.d2l4j.common.plot.Axes;
import io.github.d2l4j.common.section.BookSection;
import io.github.d2l4j.common.section.RunOptions;
import io.github.d2l4j.common.section.SectionResult;
import io.github.d2l4j.common.section.Summary;
import io.github.d2l4j.common.train.Divergence;
import io.github.d2l4j.common.train.Scratch;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleBiFunction;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.distribution.NormalDistribution;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Weight decay: adding \( \frac{\lambda}{2}\|w\|^2 \) to the loss pulls the weights towards 0.
 * With 200 inputs and only 20 training examples, linear regression overfits at λ = 0 (the
 * training loss falls, the test loss does not, and ‖w‖ stays near 13); at λ = 3 the test loss
 * falls too and ‖w‖ shrinks to about 0.36. First from scratch, then with DL4J's L2
 * regularisation on the weights only, which is PyTorch's {@code weight_decay} for plain SGD.
 *
 * <p>D2L 4.5, Weight Decay.
 */
@BookSection(
        id = "4.5",
        title = "Weight Decay",
        page = "https://zh.d2l.ai/chapter_multilayer-perceptrons/weight-decay.html")
public final class WeightDecay {
    private static final Logger LOG = LoggerFactory.getLogger(WeightDecay.class);

    public record Config(
            int nTrain,
            int nTest,
            int numInputs,
            int batchSize,
            double lr,
            int numEpochs,
            double[] lambdas,
            long seed,
            Path out) {
        public Config {
            Scratch.requirePositive(nTrain, "number of training examples");
            Scratch.requireTraining(batchSize, lr, numEpochs);
            for (double l : lambdas) {
                if (l < 0) {
                    throw new IllegalArgumentException("weight decay must be non-negative, got " + l);
                }
            }
        }

        public static Config from(RunOptions o) {
            return new Config(
                    20, // 20: few examples, many weights, so overfitting shows
                    100, // 100
                    200, // 200
                    o.batchSize(5), // the book's minibatch
                    o.lr(0.003), // the book's learning rate
                    o.epochs(100), // the book's 100 epochs
                    new double[] {0, 3}, // {0, 3}: no decay, then the book's decay
                    o.seed(42), // fixes initialisation and shuffling, so that runs repeat
                    o.out());
        }
    }

    /** One training run: λ, ‖w‖ and the final losses. */
    public record Run(String variant, double lambda, double wNorm, double trainLoss, double testLoss, Path plot) {}

    public record Result(List<Run> scratch, List<Run> concise) implements SectionResult {
        @Override
        public Summary summary() {
            Summary s = Summary.of();
            scratch.forEach(r -> s.add("scratch_norm_w_lambda" + fmt(r.lambda()), r.wNorm()));
            concise.forEach(r -> s.add("concise_norm_w_wd" + fmt(r.lambda()), r.wNorm()));
            return s;
        }

        private static String fmt(double v) {
            return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
        }
    }

    /** The data of 4.5.1: y = 0.05 + sum(0.01 x_i) + noise, 200 inputs. */
    public record Split(ArrayDataSetIterator train, ArrayDataSetIterator test) {}

    public static Result run(Config c) {
        Split data = data(c);
        List<Run> scratch = new java.util.ArrayList<>();
        List<Run> concise = new java.util.ArrayList<>();
        for (double lambd : c.lambdas()) {
            scratch.add(trainScratch(lambd, data, c));
        }
        for (double wd : c.lambdas()) {
            concise.add(trainConcise(wd, data, c));
        }
        return new Result(scratch, concise);
    }

    public static Split data(Config c) {
        Nd4j.getRandom().setSeed(c.seed());
        INDArray trueW = Nd4j.ones(DataType.FLOAT, c.numInputs(), 1).muli(0.01);
        double trueB = 0.05;
        DataSet train = Data.syntheticData(trueW, trueB, c.nTrain());
        DataSet test = Data.syntheticData(trueW, trueB, c.nTest());
        return new Split(
                Data.loadArray(train.getFeatures(), train.getLabels(), c.batchSize(), true, c.seed()),
                Data.loadArray(test.getFeatures(), test.getLabels(), c.batchSize(), false, c.seed()));
    }

    /** 4.5.2.2: \( \frac{1}{2}\|w\|^2 \). */
    public static SDVariable l2Penalty(SDVariable w) {
        return w.pow(2).sum().div(2);
    }

    /** 4.5.2.3: linear regression from scratch with the penalty λ added to each example's loss. */
    public static Run trainScratch(double lambd, Split data, Config c) {
        Nd4j.getRandom().setSeed(c.seed());
        SameDiff sd = SameDiff.create();
        SDVariable X = sd.placeHolder("X", DataType.FLOAT, -1, c.numInputs());
        SDVariable y = sd.placeHolder("y", DataType.FLOAT, -1, 1);
        SDVariable w = sd.var("w", Nd4j.randn(DataType.FLOAT, c.numInputs(), 1)); // w ~ N(0, 1)
        SDVariable b = sd.var("b", Nd4j.zeros(DataType.FLOAT, 1));
        SDVariable sq = squaredLoss(linreg(X, w, b), y); // (n, 1)
        // l = loss(net(X), y) + lambd * l2_penalty(w), summed: the penalty counts once per example
        SDVariable loss = sq.add(l2Penalty(w).mul(lambd)).sum("loss");
        sq.sum("plain"); // what evaluate_loss reports, without the penalty
        sd.setLossVariables(loss);

        Path png = c.out().resolve("4.5-scratch-lambda" + (long) lambd + ".png");
        Animator animator = newAnimator(c, png);
        // evaluate_loss reports the squared loss (with the ½) without the penalty
        ToDoubleBiFunction<INDArray, INDArray> plainLoss = (bX, by) ->
                sd.output(Map.of("X", bX, "y", by), "plain").get("plain").getDouble(0);
        double[] losses = {Double.NaN, Double.NaN};
        for (int epoch = 0; epoch < c.numEpochs(); epoch++) {
            data.train().reset();
            Map<String, INDArray> feed = Map.of();
            while (data.train().hasNext()) {
                DataSet batch = data.train().next();
                feed = Map.of("X", batch.getFeatures(), "y", batch.getLabels());
                Map<String, INDArray> grads = sd.calculateGradients(feed, "w", "b");
                sgd(List.of(w, b), grads, c.lr(), c.batchSize());
            }
            // the loss of the epoch's last batch, as DL4J's score() below: evaluating the training
            // iterator every epoch would reshuffle it, and change the run
            Divergence.requireFinite(
                    epoch + 1, sd.output(feed, "loss").get("loss").getDouble(0));
            if ((epoch + 1) % 5 == 0) {
                losses = new double[] {
                    Metrics.evaluateLoss(plainLoss, data.train()), Metrics.evaluateLoss(plainLoss, data.test())
                };
                animator.add(epoch + 1, losses[0], losses[1]);
            }
        }
        double norm = w.getArr().norm2Number().doubleValue();
        LOG.info("scratch, lambda = {}: L2 norm of w: {}", lambd, norm);
        return new Run("scratch", lambd, norm, losses[0], losses[1], png);
    }

    /** 4.5.3: DL4J's L2 on the weights (not the bias), with weights and bias ~ N(0, 1). */
    public static Run trainConcise(double wd, Split data, Config c) {
        MultiLayerNetwork net = conciseNet(wd, c);
        Dl4jNet model = new Dl4jNet(net);
        Path png = c.out().resolve("4.5-concise-wd" + (long) wd + ".png");
        Animator animator = newAnimator(c, png);
        double[] losses = {Double.NaN, Double.NaN};
        for (int epoch = 0; epoch < c.numEpochs(); epoch++) {
            data.train().reset();
            net.fit(data.train());
            Divergence.requireFinite(epoch + 1, net.score()); // the loss of the epoch's last batch
            if ((epoch + 1) % 5 == 0) {
                losses = new double[] {
                    Metrics.evaluateLoss(model, data.train()), Metrics.evaluateLoss(model, data.test())
                };
                animator.add(epoch + 1, losses[0], losses[1]);
            }
        }
        double norm = net.getParam("0_W").norm2Number().doubleValue();
        LOG.info("concise, wd = {}: L2 norm of w: {}", wd, norm);
        return new Run("concise", wd, norm, losses[0], losses[1], png);
    }

    /**
     * {@code nn.Linear(200, 1)}, all parameters N(0, 1), {@code MSELoss}, and SGD with {@code
     * weight_decay=wd} on the weight alone: DL4J's {@code l2(wd)} adds wd·w to the weight's
     * gradient, the same update for plain SGD, and leaves the bias alone ({@code l2Bias} is 0).
     */
    public static MultiLayerNetwork conciseNet(double wd, Config c) {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder()
                .seed(c.seed())
                .updater(new Sgd(c.lr()))
                .list()
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE)
                        .nIn(c.numInputs())
                        .nOut(1)
                        .activation(Activation.IDENTITY)
                        .weightInit(new NormalDistribution(0, 1))
                        .l2(wd)
                        .build())
                .build());
        net.init();
        Nd4j.getRandom().setSeed(c.seed());
        net.getParam("0_b").assign(Nd4j.randn(DataType.FLOAT, 1, 1)); // the book draws the bias from N(0, 1) too
        return net;
    }

    private static Animator newAnimator(Config c, Path png) {
        return new Animator(
                Axes.of()
                        .withLabels("epochs", "loss")
                        .withScales("linear", "log")
                        .withXlim(5, Math.max(6, c.numEpochs()))
                        .withLegend("train", "test"),
                png);
    }
}
