package io.github.d2l4j.ch07;

import static io.github.d2l4j.ch07.ModernCnns.add;
import static io.github.d2l4j.ch07.ModernCnns.convRelu;
import static io.github.d2l4j.ch07.ModernCnns.globalAvgPool;
import static io.github.d2l4j.ch07.ModernCnns.maxPool;
import static io.github.d2l4j.ch07.ModernCnns.output;

import io.github.d2l4j.common.section.BookSection;
import io.github.d2l4j.common.section.RunOptions;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * GoogLeNet: Inception blocks, four parallel paths (1x1; 1x1 then 3x3; 1x1 then 5x5; 3x3 max pool
 * then 1x1) concatenated on the channel axis, in five stages b1 … b5, then a dense layer. The
 * book's {@code nn.Module} with four paths is a DL4J {@code ComputationGraph}: each path a chain of
 * layers, joined by a {@code MergeVertex} (which concatenates along channels, as {@code
 * torch.cat(…, dim=1)}). The book trains it on 96x96 images; the smallest input is 32.
 *
 * <p>The 3x3 max pool inside a block pads by 1; PyTorch pads a max pool with -inf, and whatever
 * DL4J pads with cannot matter here, since every input of those pools is a ReLU output.
 *
 * <p>D2L 7.4, Networks with Parallel Concatenations (GoogLeNet).
 */
@BookSection(
        id = "7.4",
        title = "Networks with Parallel Concatenations (GoogLeNet)",
        page = "https://zh.d2l.ai/chapter_convolutional-modern/googlenet.html")
public final class GoogLeNet {
    /** The vertices that end the book's five stages, and the output, for the walk-through. */
    public static final String[] BLOCKS = {"b1", "b2", "b3", "b4", "b5", "output"};

    /** The smallest input side: five halvings. */
    public static final int MIN_RESIZE = 32;

    /** One Inception block's channels: path 1, path 2 (1x1, 3x3), path 3 (1x1, 5x5), path 4. */
    public record Inception(int c1, int c2a, int c2b, int c3a, int c3b, int c4) {
        /** The block's output channels: the four paths' concatenated. */
        public int outChannels() {
            return c1 + c2b + c3b + c4;
        }
    }

    private GoogLeNet() {}

    public static ModernCnns.Config config(RunOptions o) {
        // the book's batch 128, lr 0.1, 10 epochs, 96x96 inputs
        return ModernCnns.Config.from(o, "GoogLeNet", MIN_RESIZE, 128, 0.1, 10, 96);
    }

    public static ModernCnns.Result run(ModernCnns.Config c) {
        return ModernCnns.walkThroughAndTrain(net(c.resize(), c.lr(), c.seed()), c, "7.4-googlenet", BLOCKS);
    }

    /** The book's {@code net = nn.Sequential(b1, b2, b3, b4, b5, nn.Linear(1024, 10))}. */
    public static ComputationGraph net(int side, double lr, long seed) {
        ModernCnns.requireSide("GoogLeNet", MIN_RESIZE, side);
        GraphBuilder g = ModernCnns.graph(side, lr, seed);
        // b1: a 64-channel 7x7 convolution
        String x = add(g, "b1.conv", convRelu(64, 7, 2, 3), "X");
        x = add(g, "b1", maxPool(3, 2, 1), x);
        // b2: a 1x1 convolution, then a 3x3 one tripling the channels
        x = add(g, "b2.conv1", convRelu(64, 1, 1, 0), x);
        x = add(g, "b2.conv2", convRelu(192, 3, 1, 1), x);
        x = add(g, "b2", maxPool(3, 2, 1), x);
        // b3: two Inception blocks, 256 then 480 channels
        x = inception(g, "b3.1", new Inception(64, 96, 128, 16, 32, 32), x);
        x = inception(g, "b3.2", new Inception(128, 128, 192, 32, 96, 64), x);
        x = add(g, "b3", maxPool(3, 2, 1), x);
        // b4: five Inception blocks, 512, 512, 512, 528 and 832 channels
        x = inception(g, "b4.1", new Inception(192, 96, 208, 16, 48, 64), x);
        x = inception(g, "b4.2", new Inception(160, 112, 224, 24, 64, 64), x);
        x = inception(g, "b4.3", new Inception(128, 128, 256, 24, 64, 64), x);
        x = inception(g, "b4.4", new Inception(112, 144, 288, 32, 64, 64), x);
        x = inception(g, "b4.5", new Inception(256, 160, 320, 32, 128, 128), x);
        x = add(g, "b4", maxPool(3, 2, 1), x);
        // b5: two more, 832 and 1024 channels, then the global average pool and flatten
        x = inception(g, "b5.1", new Inception(256, 160, 320, 32, 128, 128), x);
        x = inception(g, "b5.2", new Inception(384, 192, 384, 48, 128, 128), x);
        x = add(g, "b5", globalAvgPool(), x);
        add(g, "output", output(10), x);
        return ModernCnns.init(g, seed);
    }

    /** The book's {@code Inception(in_channels, c1, c2, c3, c4)}, its four paths under {@code name}. */
    static String inception(GraphBuilder g, String name, Inception c, String x) {
        // path 1: a single 1x1 convolution
        String p1 = add(g, name + ".p1", convRelu(c.c1(), 1, 1, 0), x);
        // path 2: a 1x1 convolution, then a 3x3 one
        String p2 = add(g, name + ".p2a", convRelu(c.c2a(), 1, 1, 0), x);
        p2 = add(g, name + ".p2b", convRelu(c.c2b(), 3, 1, 1), p2);
        // path 3: a 1x1 convolution, then a 5x5 one
        String p3 = add(g, name + ".p3a", convRelu(c.c3a(), 1, 1, 0), x);
        p3 = add(g, name + ".p3b", convRelu(c.c3b(), 5, 1, 2), p3);
        // path 4: a 3x3 max pool, then a 1x1 convolution
        String p4 = add(g, name + ".p4a", maxPool(3, 1, 1), x);
        p4 = add(g, name + ".p4b", convRelu(c.c4(), 1, 1, 0), p4);
        // concatenate the outputs on the channel axis
        g.addVertex(name, new MergeVertex(), p1, p2, p3, p4);
        return name;
    }
}
