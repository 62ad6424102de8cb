package io.github.d2l4j.ch03;

import io.github.d2l4j.common.data.DataIters;
import io.github.d2l4j.common.data.FashionMnist;
import io.github.d2l4j.common.model.Dl4jNet;
import io.github.d2l4j.common.section.BookSection;
import io.github.d2l4j.common.section.RunOptions;
import io.github.d2l4j.common.train.Scratch;
import io.github.d2l4j.common.train.TrainCh3;
import java.nio.file.Path;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.distribution.NormalDistribution;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Softmax regression the library way: a DL4J network that flattens each image and applies one
 * dense softmax layer, trained with DL4J's cross-entropy and {@code Sgd}, through the same
 * {@code trainCh3} as 3.6.
 *
 * <p><b>Where is the LogSumExp trick?</b> PyTorch's {@code CrossEntropyLoss} takes logits and
 * computes \( \log \mathrm{softmax} \) by LogSumExp. In DL4J the softmax belongs to the output
 * layer and {@code LossMCXENT} receives its probabilities. The softmax kernel subtracts each row's
 * maximum before exponentiating, so it never overflows. The loss then takes the log of those
 * probabilities, clipped at {@code 1e-10} ({@code LossMCXENT.softmaxClipEps}) so that it never
 * computes \( \log 0 \). For the gradient, DL4J recognises the softmax-plus-cross-entropy pair and
 * returns \( \mathrm{softmax}(o) - y \) directly, the same fused, stable gradient that LogSumExp
 * yields in PyTorch (checked in 3.4).
 *
 * <p>D2L 3.7, Concise Implementation of Softmax Regression.
 */
@BookSection(
        id = "3.7",
        title = "Concise Implementation of Softmax Regression",
        page = "https://zh.d2l.ai/chapter_linear-networks/softmax-regression-concise.html")
public final class SoftmaxRegressionConcise {

    public record Config(int batchSize, double lr, int numEpochs, long seed, Path out) {
        public Config {
            Scratch.requireTraining(batchSize, lr, numEpochs);
        }

        public static Config from(RunOptions o) {
            return new Config(
                    o.batchSize(256), // 256, as in 3.6
                    o.lr(0.1), // 0.1, as in 3.6
                    o.epochs(10), // the book's 10 epochs
                    o.seed(42), // fixes initialisation and shuffling
                    o.out());
        }
    }

    public static TrainCh3.Result run(Config c) {
        DataIters data = FashionMnist.loadDataFashionMnist(c.batchSize(), c.seed());
        MultiLayerNetwork net = net(c.lr(), c.seed());
        return TrainCh3.trainCh3(
                new Dl4jNet(net),
                data.train(),
                data.test(),
                c.numEpochs(),
                c.out().resolve("3.7-train.png"));
    }

    /**
     * {@code nn.Sequential(nn.Flatten(), nn.Linear(784, 10))} with weights ~ N(0, 0.01²), and
     * {@code CrossEntropyLoss} with {@code SGD(lr)}. The convolutional input type makes DL4J insert
     * the flatten (a CnnToFeedForwardPreProcessor) in front of the dense layer.
     */
    public static MultiLayerNetwork net(double lr, long seed) {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder()
                .seed(seed)
                .updater(new Sgd(lr))
                .list()
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                        .nOut(10)
                        .activation(Activation.SOFTMAX)
                        .weightInit(new NormalDistribution(0, 0.01))
                        .biasInit(0)
                        .build())
                .setInputType(InputType.convolutional(28, 28, 1))
                .build());
        net.init();
        return net;
    }
}
