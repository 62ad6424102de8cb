package io.github.d2l4j.ch07;

import static io.github.d2l4j.ch07.ModernCnns.activation;
import static io.github.d2l4j.ch07.ModernCnns.add;
import static io.github.d2l4j.ch07.ModernCnns.avgPool2;
import static io.github.d2l4j.ch07.ModernCnns.batchNorm;
import static io.github.d2l4j.ch07.ModernCnns.conv;
import static io.github.d2l4j.ch07.ModernCnns.globalAvgPool;
import static io.github.d2l4j.ch07.ModernCnns.output;

import io.github.d2l4j.common.section.BookSection;
import io.github.d2l4j.common.section.RunOptions;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.Activation;

/**
 * DenseNet: where ResNet adds a block's input to its output, a dense block concatenates them, so
 * each convolution block ("BN, ReLU, 3x3 convolution") adds {@code num_channels} (the growth rate)
 * channels; transition layers (BN, ReLU, 1x1 convolution, 2x2 average pool) halve the channels and
 * the size between dense blocks. The concatenations are DL4J {@code MergeVertex}es in a {@code
 * ComputationGraph}. The book trains it on 96x96 images at batch 256, lr 0.1.
 *
 * <p>The transition's {@code nn.AvgPool2d(kernel_size=2, stride=2)} has no padding, so DL4J's and
 * PyTorch's divisors agree (and the oneDNN pooling helper is right for it).
 *
 * <p>D2L 7.7, Densely Connected Networks (DenseNet).
 */
@BookSection(
        id = "7.7",
        title = "Densely Connected Networks (DenseNet)",
        page = "https://zh.d2l.ai/chapter_convolutional-modern/densenet.html")
public final class DenseNet {
    /** The vertices the walk-through steps through. */
    public static final String[] BLOCKS = {
        "b1", "dense1", "transition1", "dense2", "transition2", "dense3", "transition3", "dense4", "pool", "output"
    };

    /** The book's {@code num_channels, growth_rate}. */
    public static final int NUM_CHANNELS = 64;

    public static final int GROWTH_RATE = 32;

    /** The book's {@code num_convs_in_dense_blocks}. */
    public static final int[] NUM_CONVS_IN_DENSE_BLOCKS = {4, 4, 4, 4};

    /** The smallest input side: five halvings. */
    public static final int MIN_RESIZE = 32;

    private DenseNet() {}

    public static ModernCnns.Config config(RunOptions o) {
        // the book's batch 256, lr 0.1, 10 epochs, 96x96 inputs
        return ModernCnns.Config.from(o, "DenseNet", MIN_RESIZE, 256, 0.1, 10, 96);
    }

    public static ModernCnns.Result run(ModernCnns.Config c) {
        return ModernCnns.walkThroughAndTrain(net(c.resize(), c.lr(), c.seed()), c, "7.7-densenet", BLOCKS);
    }

    /** The book's DenseNet: ResNet's b1, four dense blocks with transitions between, BN, ReLU, pool, dense. */
    public static ComputationGraph net(int side, double lr, long seed) {
        ModernCnns.requireSide("DenseNet", MIN_RESIZE, side);
        GraphBuilder g = ModernCnns.graph(side, lr, seed);
        String x = ResNet.b1(g, "X"); // the book reuses ResNet's b1
        int numChannels = NUM_CHANNELS;
        for (int i = 0; i < NUM_CONVS_IN_DENSE_BLOCKS.length; i++) {
            int numConvs = NUM_CONVS_IN_DENSE_BLOCKS[i];
            x = denseBlock(g, "dense" + (i + 1), numConvs, GROWTH_RATE, x);
            // the dense block's output channels
            numChannels += numConvs * GROWTH_RATE;
            // a transition layer halving the channels, between dense blocks
            if (i != NUM_CONVS_IN_DENSE_BLOCKS.length - 1) {
                numChannels /= 2;
                x = transitionBlock(g, "transition" + (i + 1), numChannels, x);
            }
        }
        x = add(g, "bn", batchNorm(), x);
        x = add(g, "relu", activation(Activation.RELU), x);
        x = add(g, "pool", globalAvgPool(), x);
        add(g, "output", output(10), x);
        return ModernCnns.init(g, seed);
    }

    /** The book's {@code conv_block(input_channels, num_channels)}: BN, ReLU, 3x3 convolution. */
    private static String convBlock(GraphBuilder g, String name, int numChannels, String x) {
        x = add(g, name + ".bn", batchNorm(), x);
        x = add(g, name + ".relu", activation(Activation.RELU), x);
        return add(g, name, conv(numChannels, 3, 1, 1, Activation.IDENTITY), x);
    }

    /**
     * The book's {@code DenseBlock(num_convs, input_channels, num_channels)}: each convolution
     * block's output joins its input on the channel axis. Its output vertex is {@code name}.
     */
    public static String denseBlock(GraphBuilder g, String name, int numConvs, int numChannels, String x) {
        for (int i = 0; i < numConvs; i++) {
            String y = convBlock(g, name + ".conv" + (i + 1), numChannels, x);
            String cat = i == numConvs - 1 ? name : name + ".cat" + (i + 1);
            g.addVertex(cat, new MergeVertex(), x, y); // torch.cat((X, Y), dim=1)
            x = cat;
        }
        return x;
    }

    /** The book's {@code transition_block(input_channels, num_channels)}. Its output vertex is {@code name}. */
    public static String transitionBlock(GraphBuilder g, String name, int numChannels, String x) {
        x = add(g, name + ".bn", batchNorm(), x);
        x = add(g, name + ".relu", activation(Activation.RELU), x);
        x = add(g, name + ".conv", conv(numChannels, 1, 1, 0, Activation.IDENTITY), x);
        return add(g, name, avgPool2(), x);
    }
}
