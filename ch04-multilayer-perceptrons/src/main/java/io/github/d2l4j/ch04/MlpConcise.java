package io.github.d2l4j.ch04;

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
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The same MLP with DL4J: a dense layer of 256 ReLU units and a softmax output layer, weights
 * N(0, 0.01²), cross-entropy and {@code Sgd(0.1)}.
 *
 * <p>D2L 4.3, Concise Implementation of Multilayer Perceptrons.
 */
@BookSection(
        id = "4.3",
        title = "Concise Implementation of Multilayer Perceptrons",
        page = "https://zh.d2l.ai/chapter_multilayer-perceptrons/mlp-concise.html")
public final class MlpConcise {

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

    public static TrainCh3.Result run(Config c) {
        DataIters data = FashionMnist.loadDataFashionMnist(c.batchSize(), c.seed());
        return TrainCh3.trainCh3(
                new Dl4jNet(net(c.lr(), c.seed())),
                data.train(),
                data.test(),
                c.numEpochs(),
                c.out().resolve("4.3-train.png"));
    }

    /**
     * {@code nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 10))},
     * weights ~ N(0, 0.01²).
     */
    public static MultiLayerNetwork net(double lr, long seed) {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder()
                .seed(seed)
                .updater(new Sgd(lr))
                .weightInit(new NormalDistribution(0, 0.01))
                .biasInit(0)
                .list()
                .layer(new DenseLayer.Builder()
                        .nOut(MlpScratch.NUM_HIDDENS)
                        .activation(Activation.RELU)
                        .build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                        .nOut(MlpScratch.NUM_OUTPUTS)
                        .activation(Activation.SOFTMAX)
                        .build())
                .setInputType(InputType.convolutional(28, 28, 1)) // adds the flatten
                .build());
        net.init();
        return net;
    }
}
