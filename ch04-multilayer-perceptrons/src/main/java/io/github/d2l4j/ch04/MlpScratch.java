package io.github.d2l4j.ch04;

import static io.github.d2l4j.common.train.Scratch.sgd;
import static io.github.d2l4j.common.train.Scratch.softmaxCrossEntropy;

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

/**
 * A multilayer perceptron by hand: one hidden layer of 256 ReLU units between the 784 pixels and
 * the 10 classes, \( H = \mathrm{ReLU}(XW_1 + b_1) \), \( O = HW_2 + b_2 \), trained with the
 * chapter 3 loop. The hidden layer is what lets it beat softmax regression.
 *
 * <p>D2L 4.2, Implementation of Multilayer Perceptrons from Scratch.
 */
@BookSection(
        id = "4.2",
        title = "Implementation of Multilayer Perceptrons from Scratch",
        page = "https://zh.d2l.ai/chapter_multilayer-perceptrons/mlp-scratch.html")
public final class MlpScratch {

    public static final int NUM_INPUTS = 784;
    public static final int NUM_HIDDENS = 256; // a power of 2, as the book picks
    public static final int NUM_OUTPUTS = 10;

    public record Config(int batchSize, double lr, int numEpochs, long seed, Path out) {
        public Config {
            Scratch.requireTraining(batchSize, lr, numEpochs);
        }

        public static Config from(RunOptions o) {
            return new Config(
                    o.batchSize(256), // the book's minibatch for Fashion-MNIST
                    o.lr(0.1), // the book's learning rate
                    o.epochs(10), // the book's 10 epochs
                    o.seed(42), // fixes initialisation and shuffling, so that runs repeat
                    o.out());
        }
    }

    public record Result(TrainCh3.Result training, TrainCh3.Prediction prediction) implements TrainedResult {}

    public static Result run(Config c) {
        DataIters data = FashionMnist.loadDataFashionMnist(c.batchSize(), c.seed());
        Nd4j.getRandom().setSeed(c.seed());
        // 4.2.1: W ~ N(0, 0.01^2), b = 0
        INDArray W1 = Nd4j.randn(DataType.FLOAT, NUM_INPUTS, NUM_HIDDENS).muli(0.01);
        INDArray b1 = Nd4j.zeros(DataType.FLOAT, NUM_HIDDENS);
        INDArray W2 = Nd4j.randn(DataType.FLOAT, NUM_HIDDENS, NUM_OUTPUTS).muli(0.01);
        INDArray b2 = Nd4j.zeros(DataType.FLOAT, NUM_OUTPUTS);
        SameDiffNet net = net(W1, b1, W2, b2, c.lr());
        TrainCh3.Result training = TrainCh3.trainCh3(
                net, data.train(), data.test(), c.numEpochs(), c.out().resolve("4.2-train.png"));
        TrainCh3.Prediction prediction =
                TrainCh3.predictCh3(net, data.test(), 6, c.out().resolve("4.2-predict.png"));
        return new Result(training, prediction);
    }

    /** 4.2.2: ReLU written out, as the book's {@code torch.max(X, zeros_like(X))}. */
    public static SDVariable relu(SDVariable X) {
        return X.getSameDiff().math.max(X, X.getSameDiff().zerosLike(X));
    }

    /**
     * 4.2.3 and 4.2.4: the model and its loss. X: (n, 1, 28, 28) reshaped to (n, 784); the output
     * is the logits (n, 10), and the loss the summed softmax cross-entropy, as the book's {@code
     * nn.CrossEntropyLoss(reduction='none')} with {@code l.sum()}.
     */
    public static SameDiffNet net(INDArray W1, INDArray b1, INDArray W2, INDArray b2, double lr) {
        SameDiff sd = SameDiff.create();
        SDVariable X = sd.placeHolder("X", DataType.FLOAT, -1, 1, 28, 28);
        SDVariable y = sd.placeHolder("y", DataType.FLOAT, -1, NUM_OUTPUTS);
        SDVariable w1 = sd.var("W1", W1.dup());
        SDVariable c1 = sd.var("b1", b1.dup());
        SDVariable w2 = sd.var("W2", W2.dup());
        SDVariable c2 = sd.var("b2", b2.dup());
        SDVariable H = relu(X.reshape(-1, NUM_INPUTS).mmul(w1).add(c1)); // (n, 256)
        SDVariable O = H.mmul(w2).add(c2).rename("O"); // (n, 10)
        SDVariable loss = softmaxCrossEntropy(O, y).sum("loss");
        return new SameDiffNet(
                sd,
                X,
                y,
                O,
                loss,
                List.of(w1, c1, w2, c2),
                (params, grads, batchSize) -> sgd(params, grads, lr, batchSize));
    }
}
