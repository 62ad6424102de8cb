package io.github.d2l4j.ch07;

import static io.github.d2l4j.ch07.ModernCnns.activation;
import static io.github.d2l4j.ch07.ModernCnns.add;
import static io.github.d2l4j.ch07.ModernCnns.batchNorm;
import static io.github.d2l4j.ch07.ModernCnns.conv;
import static io.github.d2l4j.ch07.ModernCnns.globalAvgPool;
import static io.github.d2l4j.ch07.ModernCnns.maxPool;
import static io.github.d2l4j.ch07.ModernCnns.output;
import static io.github.d2l4j.common.model.ResNet18.resnetBlock;

import io.github.d2l4j.common.section.BookSection;
import io.github.d2l4j.common.section.RunOptions;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.Activation;

/**
 * ResNet-18: residual blocks, Y = ReLU(BN(conv(ReLU(BN(conv(X))))) + X), where a 1x1 convolution
 * reshapes X when the block changes the channels or halves the size. A block is a DL4J {@code
 * ComputationGraph} fragment: the two-convolution path and the shortcut meet in an {@code
 * ElementWiseVertex(Add)}. The book saves {@code Residual} in its {@code d2l} package, and so do
 * we: {@link io.github.d2l4j.common.model.ResNet18#residual} and {@code resnetBlock}, which 12.6's
 * small ResNet-18 reuses. The book trains this one on 96x96 images at batch 256, lr 0.05.
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
}
