package io.github.d2l4j.ch07;

import static io.github.d2l4j.ch07.ModernCnns.convRelu;
import static io.github.d2l4j.ch07.ModernCnns.dropout;
import static io.github.d2l4j.ch07.ModernCnns.globalAvgPool;
import static io.github.d2l4j.ch07.ModernCnns.maxPool;

import io.github.d2l4j.common.model.TorchInit;
import io.github.d2l4j.common.section.BookSection;
import io.github.d2l4j.common.section.RunOptions;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Network in Network: blocks of one ordinary convolution followed by two 1x1 convolutions (a
 * dense layer per pixel), and no dense layers at all: the last block has one channel per class,
 * and a global average pool turns each channel into that class's score.
 *
 * <p>DL4J's {@code GlobalPoolingLayer} is the book's {@code nn.AdaptiveAvgPool2d((1, 1))} and
 * {@code nn.Flatten()} together; the scores then go to a parameterless {@code LossLayer} (softmax
 * and cross-entropy, the book's {@code nn.CrossEntropyLoss()}), since DL4J's {@code OutputLayer}
 * would add a dense layer the book does not have. Dropout as in {@link AlexNet}. The smallest input is 67.
 *
 * <p>D2L 7.3, Network in Network (NiN).
 */
@BookSection(
        id = "7.3",
        title = "Network in Network (NiN)",
        page = "https://zh.d2l.ai/chapter_convolutional-modern/nin.html")
public final class Nin {
    /** The smallest input side: three 3x3/2 max pools after the 11x11/4 convolution. */
    public static final int MIN_RESIZE = 67;

    private Nin() {}

    public static ModernCnns.Config config(RunOptions o) {
        // the book's batch 128, lr 0.1, 10 epochs, 224x224 inputs
        return ModernCnns.Config.from(o, "NiN", MIN_RESIZE, 128, 0.1, 10, 224);
    }

    public static ModernCnns.Result run(ModernCnns.Config c) {
        return ModernCnns.walkThroughAndTrain(net(c.resize(), c.lr(), c.seed()), c, "7.3-nin");
    }

    /** The book's {@code net} for {@code side}x{@code side} inputs, trained by SGD at {@code lr}. */
    public static MultiLayerNetwork net(int side, double lr, long seed) {
        ModernCnns.requireSide("NiN", MIN_RESIZE, side);
        NeuralNetConfiguration.ListBuilder layers = ModernCnns.base(lr, seed).list();
        ninBlock(layers, 96, 11, 4, 0);
        layers.layer(maxPool(3, 2, 0));
        ninBlock(layers, 256, 5, 1, 2);
        layers.layer(maxPool(3, 2, 0));
        ninBlock(layers, 384, 3, 1, 1);
        layers.layer(maxPool(3, 2, 0));
        layers.layer(dropout(0.5));
        ninBlock(layers, 10, 3, 1, 1); // the number of classes is 10
        layers.layer(globalAvgPool());
        layers.layer(new LossLayer.Builder(LossFunctions.LossFunction.MCXENT)
                .activation(Activation.SOFTMAX)
                .build());
        MultiLayerNetwork net = new MultiLayerNetwork(
                layers.setInputType(InputType.convolutional(side, side, 1)).build());
        net.init();
        Nd4j.getRandom().setSeed(seed);
        TorchInit.biases(net);
        return net;
    }

    /** The book's {@code nin_block(in_channels, out_channels, kernel_size, strides, padding)}. */
    private static void ninBlock(
            NeuralNetConfiguration.ListBuilder layers, int outChannels, int kernel, int stride, int padding) {
        layers.layer(convRelu(outChannels, kernel, stride, padding));
        layers.layer(convRelu(outChannels, 1, 1, 0));
        layers.layer(convRelu(outChannels, 1, 1, 0));
    }
}
