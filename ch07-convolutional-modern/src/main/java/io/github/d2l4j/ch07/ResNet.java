package io.github.d2l4j.ch07;

import static io.github.d2l4j.ch07.ModernCnns.activation;
import static io.github.d2l4j.ch07.ModernCnns.add;
import static io.github.d2l4j.ch07.ModernCnns.batchNorm;
import static io.github.d2l4j.ch07.ModernCnns.conv;
import static io.github.d2l4j.ch07.ModernCnns.globalAvgPool;
import static io.github.d2l4j.ch07.ModernCnns.maxPool;
import static io.github.d2l4j.ch07.ModernCnns.output;

import io.github.d2l4j.common.section.BookSection;
import io.github.d2l4j.common.section.RunOptions;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.Activation;

/**
 * ResNet-18: residual blocks, Y = ReLU(BN(conv(ReLU(BN(conv(X))))) + X), where a 1x1 convolution
 * reshapes X when the block changes the channels or halves the size. A block is a DL4J {@code
 * ComputationGraph} fragment: the two-convolution path and the shortcut meet in an {@code
 * ElementWiseVertex(Add)}. The book trains it on 96x96 images at batch 256, lr 0.05.
 *
 * <p>Batch norm is DL4J's {@code BatchNormalization} with PyTorch's momentum and eps ({@link
 * ModernCnns#batchNorm}); each convolution has a bias, as the book's {@code nn.Conv2d} does.
 *
 * <p>D2L 7.6, Residual Networks (ResNet).
 */
@BookSection(
        id = "7.6",
        title = "Residual Networks (ResNet)",
        page = "https://zh.d2l.ai/chapter_convolutional-modern/resnet.html")
public final class ResNet {
    /** The vertices the book's walk-through steps through: b1 … b5, the pool (with flatten), the output. */
    public static final String[] BLOCKS = {"b1", "b2", "b3", "b4", "b5", "pool", "output"};

    /** The smallest input side: five halvings. */
    public static final int MIN_RESIZE = 32;

    private ResNet() {}

    public static ModernCnns.Config config(RunOptions o) {
        // the book's batch 256, lr 0.05, 10 epochs, 96x96 inputs
        return ModernCnns.Config.from(o, "ResNet", MIN_RESIZE, 256, 0.05, 10, 96);
    }

    public static ModernCnns.Result run(ModernCnns.Config c) {
        return ModernCnns.walkThroughAndTrain(net(c.resize(), c.lr(), c.seed()), c, "7.6-resnet", BLOCKS);
    }

    /** The book's ResNet-18: b1, four stages of two residual blocks each, pool, dense. */
    public static ComputationGraph net(int side, double lr, long seed) {
        ModernCnns.requireSide("ResNet", MIN_RESIZE, side);
        GraphBuilder g = ModernCnns.graph(side, lr, seed);
        String x = b1(g, "X");
        // b2 keeps the channels; b3 … b5 double them and halve height and width
        x = resnetBlock(g, "b2", 64, 2, true, x);
        x = resnetBlock(g, "b3", 128, 2, false, x);
        x = resnetBlock(g, "b4", 256, 2, false, x);
        x = resnetBlock(g, "b5", 512, 2, false, x);
        x = add(g, "pool", globalAvgPool(), x);
        add(g, "output", output(10), x);
        return ModernCnns.init(g, seed);
    }

    /**
     * The book's {@code b1}: as GoogLeNet's, with batch norm after the 7x7 convolution. DenseNet
     * starts with it too. Its output vertex is "b1".
     */
    static String b1(GraphBuilder g, String x) {
        x = add(g, "b1.conv", conv(64, 7, 2, 3, Activation.IDENTITY), x);
        x = add(g, "b1.bn", batchNorm(), x);
        x = add(g, "b1.relu", activation(Activation.RELU), x);
        return add(g, "b1", maxPool(3, 2, 1), x);
    }

    /**
     * The book's {@code resnet_block(input_channels, num_channels, num_residuals, first_block)}:
     * the first residual of a stage other than the first halves the size and uses the 1x1
     * convolution. Its last vertex is named {@code name}.
     */
    static String resnetBlock(
            GraphBuilder g, String name, int numChannels, int numResiduals, boolean firstBlock, String x) {
        for (int i = 0; i < numResiduals; i++) {
            boolean reshape = i == 0 && !firstBlock;
            String id = i == numResiduals - 1 ? name : name + "." + (i + 1);
            x = residual(g, id, numChannels, reshape, reshape ? 2 : 1, x);
        }
        return x;
    }

    /**
     * The book's {@code Residual(input_channels, num_channels, use_1x1conv, strides)}, added to
     * {@code g} on input {@code x}; its output vertex is {@code name}.
     */
    public static String residual(
            GraphBuilder g, String name, int numChannels, boolean use1x1conv, int strides, String x) {
        String y = add(g, name + ".conv1", conv(numChannels, 3, strides, 1, Activation.IDENTITY), x);
        y = add(g, name + ".bn1", batchNorm(), y);
        y = add(g, name + ".relu1", activation(Activation.RELU), y);
        y = add(g, name + ".conv2", conv(numChannels, 3, 1, 1, Activation.IDENTITY), y);
        y = add(g, name + ".bn2", batchNorm(), y);
        String shortcut =
                use1x1conv ? add(g, name + ".conv3", conv(numChannels, 1, strides, 0, Activation.IDENTITY), x) : x;
        g.addVertex(name + ".add", new ElementWiseVertex(ElementWiseVertex.Op.Add), y, shortcut);
        return add(g, name, activation(Activation.RELU), name + ".add");
    }
}
