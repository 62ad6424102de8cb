package io.github.d2l4j.common.model;

import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.distribution.NormalDistribution;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The book's {@code d2l.resnet18(num_classes, in_channels=1)} of 12.6, a ResNet-18 made for small
 * images: a 3x3 convolution with stride 1 to 64 channels, batch norm and ReLU as the stem, without
 * 7.6's 7x7 convolution and max pool, so that 28x28 Fashion-MNIST images keep their size into the
 * first stage; then 7.6's four stages of two residual blocks each (64, 128, 256, 512 channels, the
 * last three halving the size), global average pooling and {@code nn.Linear(512, num_classes)}.
 * Chapter 13 reuses it on CIFAR-10 with three input channels.
 *
 * <p>As a DL4J {@code ComputationGraph}: a residual block's two paths meet in an {@code
 * ElementWiseVertex(Add)}. The book's initialisation, {@code init_weights} of 12.6: every {@code
 * nn.Conv2d} and {@code nn.Linear} weight drawn from N(0, 0.01²); biases keep PyTorch's default
 * U(±1/sqrt(fan_in)) ({@link TorchInit#biases}); batch norm starts at gamma 1, beta 0. Batch norm
 * has PyTorch's settings (DL4J's {@code decay} 0.9 is PyTorch's momentum 0.1, eps 1e-5), and the
 * loss is the book's {@code nn.CrossEntropyLoss()}: a softmax output with multi-class
 * cross-entropy, averaged over the batch.
 *
 * <p>The vertices are named after the book's modules: {@code stem}, {@code resnet_block1} …
 * {@code resnet_block4}, {@code global_avg_pool}, {@code fc}; the input is "X".
 */
public final class ResNet18 {
    /** The vertices of the book's {@code nn.Sequential}, in order. */
    public static final String[] BLOCKS = {
        "stem", "resnet_block1", "resnet_block2", "resnet_block3", "resnet_block4", "global_avg_pool", "fc"
    };

    private ResNet18() {}

    /**
     * The book's {@code resnet18(num_classes, in_channels)}, built and initialised, for {@code
     * side}x{@code side} images with {@code inChannels} channels, trained with {@code updater}
     * (the book's {@code torch.optim.SGD(net.parameters(), lr)} is {@code new Sgd(lr)}). {@code
     * seed} fixes the initial weights.
     */
    public static ComputationGraph resnet18(int numClasses, int inChannels, int side, IUpdater updater, long seed) {
        if (numClasses < 1 || inChannels < 1) {
            throw new IllegalArgumentException(
                    "classes and input channels must be positive, got " + numClasses + " and " + inChannels);
        }
        if (side < 8) {
            throw new IllegalArgumentException("images must be at least 8x8 for three halvings, got " + side);
        }
        ComputationGraph net = new ComputationGraph(configuration(numClasses, inChannels, side, updater, seed));
        net.init();
        Nd4j.getRandom().setSeed(seed);
        return TorchInit.biases(net);
    }

    /** The network's configuration, as {@link #resnet18} builds it; Spark and ParallelWrapper take it too. */
    public static ComputationGraphConfiguration configuration(
            int numClasses, int inChannels, int side, IUpdater updater, long seed) {
        GraphBuilder g = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .updater(updater)
                .weightInit(new NormalDistribution(0, 0.01)) // the book's init_weights
                .convolutionMode(ConvolutionMode.Truncate)
                .cacheMode(CacheMode.DEVICE)
                .graphBuilder()
                .addInputs("X")
                .setInputTypes(InputType.convolutional(side, side, inChannels));
        String x = add(g, "stem.conv", conv(64, 3, 1, 1), "X");
        x = add(g, "stem.bn", batchNorm(), x);
        x = add(g, "stem", relu(), x);
        x = resnetBlock(g, "resnet_block1", 64, 2, true, x);
        x = resnetBlock(g, "resnet_block2", 128, 2, false, x);
        x = resnetBlock(g, "resnet_block3", 256, 2, false, x);
        x = resnetBlock(g, "resnet_block4", 512, 2, false, x);
        // nn.AdaptiveAvgPool2d((1, 1)) and nn.Flatten(): DL4J's global pooling does both
        x = add(g, "global_avg_pool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), x);
        add(
                g,
                "fc",
                new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                        .nOut(numClasses)
                        .activation(Activation.SOFTMAX)
                        .build(),
                x);
        return g.setOutputs("fc").build();
    }

    /**
     * The book's {@code resnet_block(in_channels, out_channels, num_residuals, first_block)}: the
     * first residual of a stage other than the first halves the size and reshapes the shortcut
     * with a 1x1 convolution. Its last vertex is named {@code name}.
     */
    public static String resnetBlock(
            GraphBuilder g, String name, int numChannels, int numResiduals, boolean firstBlock, String x) {
        for (int i = 0; i < numResiduals; i++) {
            boolean reshape = i == 0 && !firstBlock;
            String id = i == numResiduals - 1 ? name : name + "." + (i + 1);
            x = residual(g, id, numChannels, reshape, reshape ? 2 : 1, x);
        }
        return x;
    }

    /**
     * The book's {@code d2l.Residual(input_channels, num_channels, use_1x1conv, strides)} of 7.6,
     * Y = ReLU(BN(conv(ReLU(BN(conv(X))))) + X), with X through a 1x1 convolution when {@code
     * use1x1conv}; added to {@code g} on input {@code x}, its output vertex is {@code name}.
     */
    public static String residual(
            GraphBuilder g, String name, int numChannels, boolean use1x1conv, int strides, String x) {
        String y = add(g, name + ".conv1", conv(numChannels, 3, strides, 1), x);
        y = add(g, name + ".bn1", batchNorm(), y);
        y = add(g, name + ".relu1", relu(), y);
        y = add(g, name + ".conv2", conv(numChannels, 3, 1, 1), y);
        y = add(g, name + ".bn2", batchNorm(), y);
        String shortcut = use1x1conv ? add(g, name + ".conv3", conv(numChannels, 1, strides, 0), x) : x;
        g.addVertex(name + ".add", new ElementWiseVertex(ElementWiseVertex.Op.Add), y, shortcut);
        return add(g, name, relu(), name + ".add");
    }

    /** {@code nn.Conv2d(…, out, kernel_size=k, stride=s, padding=p)}, with a bias, as PyTorch's. */
    private static ConvolutionLayer conv(int out, int k, int s, int p) {
        return new ConvolutionLayer.Builder(k, k)
                .nOut(out)
                .stride(s, s)
                .padding(p, p)
                .activation(Activation.IDENTITY)
                .build();
    }

    /**
     * {@code nn.BatchNorm2d(c)}: DL4J's decay 0.9 is PyTorch's momentum 0.1; the moving variance is
     * kept as a variance rather than DL4J's default log10 standard deviation.
     */
    private static BatchNormalization batchNorm() {
        return new BatchNormalization.Builder()
                .decay(0.9)
                .eps(1e-5)
                .useLogStd(false)
                .build();
    }

    private static ActivationLayer relu() {
        return new ActivationLayer.Builder().activation(Activation.RELU).build();
    }

    private static String add(GraphBuilder g, String name, Layer layer, String... inputs) {
        g.addLayer(name, layer, inputs);
        return name;
    }
}
