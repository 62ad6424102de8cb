package io.github.d2l4j.ch06;

import io.github.d2l4j.common.data.DataIters;
import io.github.d2l4j.common.data.FashionMnist;
import io.github.d2l4j.common.device.OneDnn;
import io.github.d2l4j.common.model.Dl4jNet;
import io.github.d2l4j.common.model.LayerShapes;
import io.github.d2l4j.common.model.LayerShapes.LayerShape;
import io.github.d2l4j.common.model.TorchInit;
import io.github.d2l4j.common.section.BookSection;
import io.github.d2l4j.common.section.RunOptions;
import io.github.d2l4j.common.section.SectionResult;
import io.github.d2l4j.common.section.Summary;
import io.github.d2l4j.common.train.Scratch;
import io.github.d2l4j.common.train.TrainCh3;
import io.github.d2l4j.common.train.TrainCh6;
import java.nio.file.Path;
import java.util.List;
import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * LeNet-5, the first convolutional network to be put to work: two convolution blocks (5x5
 * convolution, sigmoid, 2x2 average pool) extract features, and three dense layers classify them,
 * trained on Fashion-MNIST with the book's {@code train_ch6}. The book's network is {@code
 * nn.Sequential}; here it is a DL4J {@code MultiLayerNetwork} ({@link #net}), and the same network
 * from scratch over SameDiff is {@link LeNetScratch}. Both train here, one after the other.
 *
 * <p><b>The book's choices, and DL4J's defaults.</b>
 *
 * <ul>
 *   <li>Weights Xavier-uniform, as the book's {@code init_weights} ({@code WeightInit.XAVIER} would
 *       be Gaussian); biases U(-1/sqrt(fan_in), 1/sqrt(fan_in)), PyTorch's default, which the
 *       book keeps (DL4J's would be 0): {@link TorchInit#biases}.
 *   <li>The sigmoid belongs to each DL4J layer, and DL4J flattens between the last pool and the
 *       first dense layer with a preprocessor, where the book has {@code nn.Sigmoid()} and {@code
 *       nn.Flatten()} modules; the shape walk-through ({@link LayerShapes}) names both.
 *   <li>Average pools count padding as PyTorch does ({@link Pooling}); LeNet's have none.
 *   <li>DL4J's softmax output layer with multi-class cross-entropy averages over the batch, the
 *       book's {@code nn.CrossEntropyLoss()}, and {@code Sgd(0.9)} is its {@code torch.optim.SGD}.
 * </ul>
 *
 * <p><b>Speed.</b> The convolution and pooling layers run on oneDNN (see {@link OneDnn}), and the
 * network caches its forward convolutions for backprop ({@code CacheMode.DEVICE}).
 *
 * <p>D2L 6.6, Convolutional Neural Networks (LeNet).
 */
@BookSection(
        id = "6.6",
        title = "Convolutional Neural Networks (LeNet)",
        page = "https://zh.d2l.ai/chapter_convolutional-neural-networks/lenet.html")
public final class LeNet {
    private static final Logger LOG = LoggerFactory.getLogger(LeNet.class);

    public record Config(int batchSize, double lr, int numEpochs, long seed, Path out) {
        public Config {
            Scratch.requireTraining(batchSize, lr, numEpochs);
        }

        public static Config from(RunOptions o) {
            return new Config(
                    o.batchSize(256), // the book's minibatch for Fashion-MNIST
                    o.lr(0.9), // the book's rate: sigmoid layers need a large one
                    o.epochs(10), // the book's 10 epochs
                    o.seed(42), // fixes initialisation and shuffling, so that runs repeat
                    o.out());
        }
    }

    /** @param shapes the walk-through on one 1x1x28x28 input */
    public record Result(List<LayerShape> shapes, TrainCh3.Result concise, TrainCh3.Result scratch)
            implements SectionResult {
        @Override
        public Summary summary() {
            return concise.summary()
                    .add("scratch_train_loss", scratch.last().trainLoss())
                    .add("scratch_train_acc", scratch.last().trainAcc())
                    .add("scratch_test_acc", scratch.last().testAcc())
                    .add("scratch_sec_per_epoch", scratch.secPerEpoch());
        }
    }

    public static Result run(Config c) {
        MultiLayerNetwork net = net(c.lr(), c.seed());
        // the walk-through changes nothing: one example in evaluation mode, before training
        List<LayerShape> shapes = LayerShapes.of(net, Nd4j.rand(DataType.FLOAT, 1, 1, 28, 28));
        shapes.forEach(s -> LOG.info("{}", s));
        DataIters data = FashionMnist.loadDataFashionMnist(c.batchSize(), c.seed());
        LOG.info("-- concise (DL4J) --");
        TrainCh3.Result concise = TrainCh6.trainCh6(
                new Dl4jNet(net),
                data.train(),
                data.test(),
                c.numEpochs(),
                c.out().resolve("6.6-concise.png"));
        LOG.info("-- from scratch (SameDiff) --");
        TrainCh3.Result scratch = TrainCh6.trainCh6(
                LeNetScratch.net(LeNetScratch.initParams(c.seed()), c.lr()),
                data.train(),
                data.test(),
                c.numEpochs(),
                c.out().resolve("6.6-scratch.png"));
        return new Result(shapes, concise, scratch);
    }

    /**
     * The book's {@code net}: Conv(1→6, k5, p2), sigmoid, AvgPool(2, 2), Conv(6→16, k5), sigmoid,
     * AvgPool(2, 2), flatten, 400→120, sigmoid, 120→84, sigmoid, 84→10, with SGD at {@code lr}.
     */
    public static MultiLayerNetwork net(double lr, long seed) {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder()
                .seed(seed)
                .updater(new Sgd(lr))
                .weightInit(WeightInit.XAVIER_UNIFORM)
                .convolutionMode(ConvolutionMode.Truncate)
                .cacheMode(CacheMode.DEVICE) // keeps forward results for backprop
                .list()
                .layer(new ConvolutionLayer.Builder(5, 5)
                        .nOut(6)
                        .padding(2, 2)
                        .activation(Activation.SIGMOID)
                        .build())
                .layer(avgPool())
                .layer(new ConvolutionLayer.Builder(5, 5)
                        .nOut(16)
                        .activation(Activation.SIGMOID)
                        .build())
                .layer(avgPool())
                .layer(new DenseLayer.Builder()
                        .nOut(120)
                        .activation(Activation.SIGMOID)
                        .build())
                .layer(new DenseLayer.Builder()
                        .nOut(84)
                        .activation(Activation.SIGMOID)
                        .build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                        .nOut(10)
                        .activation(Activation.SOFTMAX)
                        .build())
                .setInputType(InputType.convolutional(28, 28, 1))
                .build());
        net.init();
        Nd4j.getRandom().setSeed(seed);
        TorchInit.biases(net);
        return OneDnn.layerHelpers(net);
    }

    /** {@code nn.AvgPool2d(kernel_size=2, stride=2)}. */
    private static SubsamplingLayer avgPool() {
        return new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.AVG)
                .kernelSize(2, 2)
                .stride(2, 2)
                .avgPoolIncludePadInDivisor(true) // PyTorch's divisor (no padding here anyway)
                .build();
    }
}
