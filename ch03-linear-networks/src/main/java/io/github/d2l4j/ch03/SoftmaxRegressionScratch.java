package io.github.d2l4j.ch03;

import static io.github.d2l4j.common.metrics.Metrics.accuracy;
import static io.github.d2l4j.common.metrics.Metrics.evaluateAccuracy;
import static io.github.d2l4j.common.train.Scratch.sgd;

import io.github.d2l4j.common.data.DataIters;
import io.github.d2l4j.common.data.FashionMnist;
import io.github.d2l4j.common.model.SameDiffNet;
import io.github.d2l4j.common.section.BookSection;
import io.github.d2l4j.common.section.RunOptions;
import io.github.d2l4j.common.train.Scratch;
import io.github.d2l4j.common.train.TrainCh3;
import io.github.d2l4j.common.train.TrainedResult;
import java.nio.file.Path;
import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Softmax regression built by hand: the parameters, {@code softmax} from its definition, the
 * model, the cross-entropy by picking each example's true-class probability, accuracy, and the
 * shared training loop with a hand-written SGD. Gradients come from SameDiff.
 *
 * <p>\( \hat{Y} = \mathrm{softmax}(XW + b) \), X: (batch, 784), W: (784, 10), b: (10).
 *
 * <p>D2L 3.6, Implementation of Softmax Regression from Scratch.
 */
@BookSection(
        id = "3.6",
        title = "Implementation of Softmax Regression from Scratch",
        page = "https://zh.d2l.ai/chapter_linear-networks/softmax-regression-scratch.html")
public final class SoftmaxRegressionScratch {
    private static final Logger LOG = LoggerFactory.getLogger(SoftmaxRegressionScratch.class);

    public static final int NUM_INPUTS = 784; // 28 x 28 pixels, flattened
    public static final int NUM_OUTPUTS = 10; // one per class

    public record Config(int batchSize, double lr, int numEpochs, long seed, Path out) {
        public Config {
            Scratch.requireTraining(batchSize, lr, numEpochs);
        }

        public static Config from(RunOptions o) {
            return new Config(
                    o.batchSize(256), // the book's minibatch for Fashion-MNIST
                    o.lr(0.1), // 0.1: the book's value for this model
                    o.epochs(10), // the book's 10 epochs
                    o.seed(42), // fixes initialisation and shuffling
                    o.out());
        }
    }

    /**
     * @param toyCrossEntropy the book's toy cross-entropy, [2.3026, 0.6931]
     * @param toyAccuracy the toy's accuracy, 0.5
     * @param untrainedAccuracy test accuracy before training, about 0.1
     */
    public record Result(
            double[] toyCrossEntropy,
            double toyAccuracy,
            double untrainedAccuracy,
            TrainCh3.Result training,
            TrainCh3.Prediction prediction)
            implements TrainedResult {}

    public static Result run(Config c) {
        DataIters data = FashionMnist.loadDataFashionMnist(c.batchSize(), c.seed());

        // 3.6.1: W ~ N(0, 0.01^2), b = 0
        Nd4j.getRandom().setSeed(c.seed());
        INDArray W = Nd4j.randn(DataType.FLOAT, NUM_INPUTS, NUM_OUTPUTS).muli(0.01);
        INDArray b = Nd4j.zeros(DataType.FLOAT, NUM_OUTPUTS);

        // 3.6.2: sums that keep their axis, then softmax on random rows
        INDArray X = Nd4j.create(new float[][] {{1, 2, 3}, {4, 5, 6}});
        LOG.info("X.sum(0, keepdim) = {}, X.sum(1, keepdim) = {}", X.sum(true, 0), X.sum(true, 1));
        INDArray XProb = softmax(SameDiff.create().constant(Nd4j.randn(DataType.FLOAT, 2, 5)))
                .eval();
        LOG.info("X_prob = {}\nrow sums = {}", XProb, XProb.sum(1));

        // 3.6.4: the loss, on the book's toy
        INDArray y = Nd4j.createFromArray(0L, 2L);
        INDArray yHat = Nd4j.create(new float[][] {{0.1f, 0.3f, 0.6f}, {0.3f, 0.2f, 0.5f}});
        LOG.info(String.format(
                "y_hat[[0, 1], y] = [%.1f, %.1f]", yHat.getDouble(0, y.getLong(0)), yHat.getDouble(1, y.getLong(1))));
        SameDiff toy = SameDiff.create();
        double[] ce = crossEntropy(toy.constant(yHat), toy.constant(oneHot(y, 3)))
                .eval()
                .toDoubleVector();
        LOG.info(String.format("cross_entropy(y_hat, y) = [%.4f, %.4f]", ce[0], ce[1]));

        // 3.6.5: accuracy
        double toyAcc = accuracy(yHat, y) / y.length();
        LOG.info("accuracy(y_hat, y) / len(y) = {}", toyAcc);
        SameDiffNet net = net(W, b, c.lr());
        double untrained = evaluateAccuracy(net, data.test());
        LOG.info(String.format("evaluate_accuracy(net, test_iter) = %.4f", untrained));

        // 3.6.6: training
        TrainCh3.Result training = TrainCh3.trainCh3(
                net, data.train(), data.test(), c.numEpochs(), c.out().resolve("3.6-train.png"));

        // 3.6.7: prediction
        TrainCh3.Prediction prediction =
                TrainCh3.predictCh3(net, data.test(), 6, c.out().resolve("3.6-predict.png"));
        LOG.info("predictions: {}", prediction.image().toAbsolutePath());
        return new Result(ce, toyAcc, untrained, training, prediction);
    }

    /** \( \mathrm{softmax}(X)_{ij} = \exp(X_{ij}) / \sum_k \exp(X_{ik}) \), straight from the definition. */
    public static SDVariable softmax(SDVariable X) {
        SDVariable XExp = X.getSameDiff().math.exp(X);
        SDVariable partition = XExp.sum(true, 1);
        return XExp.div(partition); // broadcasting: (n, q) / (n, 1)
    }

    /**
     * \( -\log \hat{y}_{i, y_i} \): the probability of each example's true class, picked out.
     * With y as one-hot rows (DL4J's form), picking is the row sum of \( \hat{y} \odot y \).
     */
    public static SDVariable crossEntropy(SDVariable yHat, SDVariable y) {
        return yHat.getSameDiff().math.log(yHat.mul(y).sum(1)).neg();
    }

    /**
     * The model as a graph, {@code softmax(X.reshape(-1, 784) @ W + b)}, with the summed
     * cross-entropy as its loss and {@code sgd} as its updater.
     */
    public static SameDiffNet net(INDArray W0, INDArray b0, double lr) {
        SameDiff sd = SameDiff.create();
        SDVariable X = sd.placeHolder("X", DataType.FLOAT, -1, 1, 28, 28);
        SDVariable y = sd.placeHolder("y", DataType.FLOAT, -1, NUM_OUTPUTS);
        SDVariable W = sd.var("W", W0.dup());
        SDVariable b = sd.var("b", b0.dup());
        SDVariable yHat = softmax(X.reshape(-1, NUM_INPUTS).mmul(W).add(b)).rename("yHat");
        SDVariable loss = crossEntropy(yHat, y).sum("loss");
        return new SameDiffNet(
                sd, X, y, yHat, loss, List.of(W, b), (params, grads, batchSize) -> sgd(params, grads, lr, batchSize));
    }

    /** Class indices (n) to one-hot rows (n, q). */
    public static INDArray oneHot(INDArray indices, int numClasses) {
        INDArray out = Nd4j.zeros(DataType.FLOAT, indices.length(), numClasses);
        for (int i = 0; i < indices.length(); i++) {
            long c = indices.getLong(i);
            if (c < 0 || c >= numClasses) {
                throw new IllegalArgumentException("label " + c + " out of range 0-" + (numClasses - 1));
            }
            out.putScalar(i, c, 1f);
        }
        return out;
    }
}
