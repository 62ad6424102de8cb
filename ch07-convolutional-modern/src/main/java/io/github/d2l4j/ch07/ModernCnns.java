package io.github.d2l4j.ch07;

import io.github.d2l4j.common.data.DataIters;
import io.github.d2l4j.common.data.FashionMnist;
import io.github.d2l4j.common.model.Dl4jNet;
import io.github.d2l4j.common.model.LayerShapes;
import io.github.d2l4j.common.model.LayerShapes.LayerShape;
import io.github.d2l4j.common.model.Net;
import io.github.d2l4j.common.model.TorchInit;
import io.github.d2l4j.common.section.RunOptions;
import io.github.d2l4j.common.section.SectionResult;
import io.github.d2l4j.common.section.Summary;
import io.github.d2l4j.common.train.Scratch;
import io.github.d2l4j.common.train.TrainCh3;
import io.github.d2l4j.common.train.TrainCh6;
import java.nio.file.Path;
import java.util.List;
import org.bytedeco.javacpp.Pointer;
import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
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
 * What chapter 7's networks share: the training setup of the book's {@code train_ch6} (its
 * Xavier-uniform weights, SGD, Fashion-MNIST resized per batch) and the PyTorch layers they are
 * made of, as DL4J layers.
 *
 * <p><b>The book's choices, and DL4J's defaults.</b> Weights Xavier-uniform ({@code
 * WeightInit.XAVIER} would be Gaussian); biases PyTorch's default U(±1/√fan_in), applied after
 * {@code init()} with {@code TorchInit.biases} (DL4J's are 0). Convolutions and pools take the
 * book's padding explicitly ({@code ConvolutionMode.Truncate}, PyTorch's floor) and always a
 * stride (DL4J's pooling default is 2, PyTorch's the window). {@code CacheMode.DEVICE} keeps the
 * forward convolutions for backprop, and the layers run on oneDNN ({@code OneDnn}).
 */
public final class ModernCnns {
    private static final Logger LOG = LoggerFactory.getLogger(ModernCnns.class);

    /**
     * The largest {@code --resize}: four times the book's largest input, AlexNet's, VGG's and NiN's
     * 224x224. Fashion-MNIST's images are 28x28, so a larger side adds only interpolated pixels,
     * while one batch's activations outgrow any memory we run in: at 896, AlexNet's first
     * convolution alone makes 96x224x224 floats an image, 2.5 GB for the book's batch of 128.
     */
    public static final int MAX_RESIZE = 4 * 224;

    private ModernCnns() {}

    /**
     * A chapter 7 training run.
     *
     * @param resize the side Fashion-MNIST's 28x28 images are resized to
     * @param trainSize train on the first N examples only; null for all 60,000
     */
    public record Config(int batchSize, double lr, int numEpochs, int resize, Integer trainSize, long seed, Path out) {
        public Config {
            Scratch.requireTraining(batchSize, lr, numEpochs);
            if (resize <= 0) {
                throw new IllegalArgumentException("resize must be positive, got " + resize);
            }
            if (resize > MAX_RESIZE) {
                throw new IllegalArgumentException("--resize must be at most " + MAX_RESIZE
                        + " (four times the book's largest input, 224x224), got " + resize);
            }
            requireInputFits(Math.min(batchSize, FashionMnist.TRAIN_SIZE), resize, Pointer.maxBytes());
            if (trainSize != null && (trainSize < 1 || trainSize > FashionMnist.TRAIN_SIZE)) {
                throw new IllegalArgumentException("--train-size must be at most " + FashionMnist.TRAIN_SIZE
                        + " (Fashion-MNIST's training examples), got " + trainSize);
            }
        }

        /**
         * The book's values, unless the options override them.
         *
         * @throws IllegalArgumentException if the resize is below what {@code network} accepts
         */
        static Config from(
                RunOptions o, String network, int minResize, int batchSize, double lr, int numEpochs, int resize) {
            requireSide(network, minResize, o.resize(resize));
            return new Config(
                    o.batchSize(batchSize),
                    o.lr(lr),
                    o.epochs(numEpochs),
                    o.resize(resize),
                    o.trainSize(),
                    o.seed(42), // fixes initialisation and shuffling, so that runs repeat
                    o.out());
        }

        /** The same run on another input size. */
        public Config withResize(int side) {
            return new Config(batchSize, lr, numEpochs, side, trainSize, seed, out);
        }
    }

    /**
     * Refuses a batch whose input alone, {@code batch} images of one channel of {@code side}x{@code
     * side} floats, is more than ND4J may allocate ({@code maxBytes}, JavaCPP's limit: the JVM's
     * maximum heap unless set), so that such a run stops before any work rather than in the middle
     * of its first batch. With {@code side} at most {@link #MAX_RESIZE} the product fits in a long.
     */
    static void requireInputFits(int batch, int side, long maxBytes) {
        long bytes = (long) batch * side * side * Float.BYTES;
        if (bytes > maxBytes) {
            throw new IllegalArgumentException(String.format(
                    "a batch of %d images of %dx%d needs %.1f GB for its input alone, more than ND4J may"
                            + " allocate (%.1f GB): use a smaller --batch-size or --resize",
                    batch, side, side, bytes / 1e9, maxBytes / 1e9));
        }
    }

    /**
     * @param shapes the walk-through on one input of the run's size
     * @param params the network's parameter count
     */
    public record Result(List<LayerShape> shapes, long params, TrainCh3.Result trained) implements SectionResult {
        @Override
        public Summary summary() {
            return trained.summary().add("params", params);
        }
    }

    /**
     * What each network section does: the book's shape walk-through on one input of the run's
     * size, layer by layer, then {@link #train}.
     */
    static Result walkThroughAndTrain(MultiLayerNetwork net, Config c, String name) {
        List<LayerShape> shapes = LayerShapes.of(net, Nd4j.rand(DataType.FLOAT, 1, 1, c.resize(), c.resize()));
        shapes.forEach(s -> LOG.info("{}", s));
        return new Result(shapes, net.numParams(), train(new Dl4jNet(net), c, name));
    }

    /** {@link #walkThroughAndTrain(MultiLayerNetwork, Config, String)} for a graph, block by block. */
    static Result walkThroughAndTrain(ComputationGraph net, Config c, String name, String... blocks) {
        List<LayerShape> shapes = LayerShapes.of(net, Nd4j.rand(DataType.FLOAT, 1, 1, c.resize(), c.resize()), blocks);
        shapes.forEach(s -> LOG.info("{}", s));
        return new Result(shapes, net.numParams(), train(new Dl4jNet(net), c, name));
    }

    /**
     * The book's {@code d2l.load_data_fashion_mnist(batch_size, resize=…)} then {@code
     * d2l.train_ch6(net, train_iter, test_iter, num_epochs, lr, d2l.try_gpu())}; the plot goes to
     * {@code out/NAME.png}.
     */
    static TrainCh3.Result train(Net net, Config c, String name) {
        DataIters data = FashionMnist.loadDataFashionMnist(c.batchSize(), c.resize(), c.trainSize(), c.seed());
        LOG.info(
                "training on {} examples resized to {}x{}, batch {}, lr {}, {} epochs",
                data.train().numExamples(),
                c.resize(),
                c.resize(),
                c.batchSize(),
                c.lr(),
                c.numEpochs());
        return TrainCh6.trainCh6(
                net, data.train(), data.test(), c.numEpochs(), c.out().resolve(name + ".png"));
    }

    /** @throws IllegalArgumentException if {@code side} is below {@code minResize} */
    static void requireSide(String network, int minResize, int side) {
        if (side < minResize) {
            throw new IllegalArgumentException(
                    network + " needs inputs of at least " + minResize + "x" + minResize + ", got " + side);
        }
    }

    /** The configuration every network here starts from: SGD at {@code lr}, the book's initialisation. */
    static NeuralNetConfiguration.Builder base(double lr, long seed) {
        return new NeuralNetConfiguration.Builder()
                .seed(seed)
                .updater(new Sgd(lr))
                .weightInit(WeightInit.XAVIER_UNIFORM)
                .convolutionMode(ConvolutionMode.Truncate)
                .cacheMode(CacheMode.DEVICE);
    }

    /** {@code nn.Conv2d(…, out, kernel_size=k, stride=s, padding=p)}, then {@code activation}. */
    static ConvolutionLayer conv(int out, int k, int s, int p, Activation activation) {
        return new ConvolutionLayer.Builder(k, k)
                .nOut(out)
                .stride(s, s)
                .padding(p, p)
                .activation(activation)
                .build();
    }

    /** {@code nn.Conv2d(…, out, kernel_size=k, stride=s, padding=p), nn.ReLU()}. */
    static ConvolutionLayer convRelu(int out, int k, int s, int p) {
        return conv(out, k, s, p, Activation.RELU);
    }

    /** {@code nn.MaxPool2d(kernel_size=k, stride=s, padding=p)}. */
    static SubsamplingLayer maxPool(int k, int s, int p) {
        return new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX)
                .kernelSize(k, k)
                .stride(s, s)
                .padding(p, p)
                .build();
    }

    /** {@code nn.AdaptiveAvgPool2d((1, 1)), nn.Flatten()}: DL4J's global pooling does both. */
    static GlobalPoolingLayer globalAvgPool() {
        return new GlobalPoolingLayer.Builder(PoolingType.AVG).build();
    }

    /** {@code nn.Linear(…, out)}, then {@code activation}. */
    static DenseLayer dense(int out, Activation activation) {
        return new DenseLayer.Builder().nOut(out).activation(activation).build();
    }

    /**
     * {@code nn.Linear(…, 10)} with the book's {@code nn.CrossEntropyLoss()}: DL4J's softmax
     * output layer with multi-class cross-entropy, averaged over the batch.
     */
    static OutputLayer output(int classes) {
        return new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                .nOut(classes)
                .activation(Activation.SOFTMAX)
                .build();
    }

    /**
     * The book's {@code nn.Dropout(p)}, as a layer of its own. DL4J's {@code DropoutLayer(x)}
     * takes the probability of keeping a unit: 1 - p.
     */
    static DropoutLayer dropout(double p) {
        return new DropoutLayer.Builder(1 - p).build();
    }

    /**
     * {@code nn.BatchNorm2d(c)} / {@code nn.BatchNorm1d(c)}, with PyTorch's settings spelled out:
     * DL4J's {@code decay} 0.9 is PyTorch's {@code momentum} 0.1 (the moving statistics keep 0.9
     * of their value each step), eps 1e-5. The moving variance is kept as a variance, not DL4J's
     * default log10 of the standard deviation, so that it reads as the book's.
     */
    static BatchNormalization batchNorm() {
        return new BatchNormalization.Builder()
                .decay(0.9)
                .eps(1e-5)
                .useLogStd(false)
                .build();
    }

    /** {@code nn.ReLU()} (or another activation) as a layer of its own, as after a batch norm. */
    static ActivationLayer activation(Activation activation) {
        return new ActivationLayer.Builder().activation(activation).build();
    }

    /** A graph under construction: each call adds a vertex and returns its name, the next one's input. */
    static String add(ComputationGraphConfiguration.GraphBuilder g, String name, Layer layer, String... inputs) {
        g.addLayer(name, layer, inputs);
        return name;
    }

    /** A graph for {@code side}x{@code side} grey images fed as "X", trained by SGD at {@code lr}. */
    static ComputationGraphConfiguration.GraphBuilder graph(int side, double lr, long seed) {
        return base(lr, seed).graphBuilder().addInputs("X").setInputTypes(InputType.convolutional(side, side, 1));
    }

    /** Builds, initialises and gives PyTorch's biases to a graph whose output layer is "output". */
    static ComputationGraph init(ComputationGraphConfiguration.GraphBuilder g, long seed) {
        ComputationGraph net = new ComputationGraph(g.setOutputs("output").build());
        net.init();
        Nd4j.getRandom().setSeed(seed);
        return TorchInit.biases(net);
    }

    /**
     * {@code nn.AvgPool2d(kernel_size=2, stride=2)}. DL4J's and M2.1's default is to leave
     * padding out of the divisor, PyTorch's to count it; this pool has none, so they agree (and
     * the oneDNN helper, wrong for counted padding in M2.1, is right for it).
     */
    static SubsamplingLayer avgPool2() {
        return new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.AVG)
                .kernelSize(2, 2)
                .stride(2, 2)
                .avgPoolIncludePadInDivisor(true)
                .build();
    }
}
