package io.github.d2l4j.ch07;

import static io.github.d2l4j.ch07.ModernCnns.convRelu;
import static io.github.d2l4j.ch07.ModernCnns.dense;
import static io.github.d2l4j.ch07.ModernCnns.dropout;
import static io.github.d2l4j.ch07.ModernCnns.maxPool;
import static io.github.d2l4j.ch07.ModernCnns.output;

import io.github.d2l4j.common.model.TorchInit;
import io.github.d2l4j.common.section.BookSection;
import io.github.d2l4j.common.section.RunOptions;
import java.util.List;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.factory.Nd4j;

/**
 * VGG-11: networks built from blocks, each {@code num_convs} 3x3 convolutions (padding 1, ReLU)
 * and a 2x2/2 max pool, then VGG's three dense layers (4096, 4096, 10; dropout 0.5). The book
 * trains a narrower copy, every block's channels divided by 4 ({@code small_conv_arch}), since
 * VGG-11 costs more computation than AlexNet; that is the default here.
 *
 * <p>Dropout layers as in {@link AlexNet}. Five halving blocks take 224 down to 7; the smallest input is 32 (down to 1).
 *
 * <p>D2L 7.2, Networks Using Blocks (VGG).
 */
@BookSection(
        id = "7.2",
        title = "Networks Using Blocks (VGG)",
        page = "https://zh.d2l.ai/chapter_convolutional-modern/vgg.html")
public final class Vgg {
    /** One VGG block: {@code numConvs} convolutions with {@code outChannels} channels. */
    public record Block(int numConvs, int outChannels) {}

    /** The book's {@code conv_arch}, VGG-11's: 8 convolutions in five blocks. */
    public static final List<Block> CONV_ARCH =
            List.of(new Block(1, 64), new Block(1, 128), new Block(2, 256), new Block(2, 512), new Block(2, 512));

    /** The book's {@code ratio}: the trained network has a quarter of VGG-11's channels. */
    public static final int RATIO = 4;

    /** The smallest input side: five halvings down to 1. */
    public static final int MIN_RESIZE = 32;

    private Vgg() {}

    public static ModernCnns.Config config(RunOptions o) {
        // the book's batch 128, lr 0.05, 10 epochs, 224x224 inputs
        return ModernCnns.Config.from(o, "VGG", MIN_RESIZE, 128, 0.05, 10, 224);
    }

    public static ModernCnns.Result run(ModernCnns.Config c) {
        return ModernCnns.walkThroughAndTrain(net(smallConvArch(), c.resize(), c.lr(), c.seed()), c, "7.2-vgg");
    }

    /** The book's {@code small_conv_arch = [(pair[0], pair[1] // ratio) for pair in conv_arch]}. */
    public static List<Block> smallConvArch() {
        return CONV_ARCH.stream()
                .map(b -> new Block(b.numConvs(), b.outChannels() / RATIO))
                .toList();
    }

    /** The book's {@code vgg(conv_arch)} for {@code side}x{@code side} inputs, trained by SGD at {@code lr}. */
    public static MultiLayerNetwork net(List<Block> convArch, int side, double lr, long seed) {
        MultiLayerNetwork net = new MultiLayerNetwork(conf(convArch, side, lr, seed));
        net.init();
        Nd4j.getRandom().setSeed(seed);
        return TorchInit.biases(net);
    }

    /** The configuration of {@link #net}, without allocating its parameters. */
    public static MultiLayerConfiguration conf(List<Block> convArch, int side, double lr, long seed) {
        ModernCnns.requireSide("VGG", MIN_RESIZE, side);
        NeuralNetConfiguration.ListBuilder layers = ModernCnns.base(lr, seed).list();
        for (Block b : convArch) {
            vggBlock(layers, b.numConvs(), b.outChannels());
        }
        layers.layer(dense(4096, Activation.RELU))
                .layer(dropout(0.5))
                .layer(dense(4096, Activation.RELU))
                .layer(dropout(0.5))
                .layer(output(10));
        return layers.setInputType(InputType.convolutional(side, side, 1)).build();
    }

    /** The book's {@code vgg_block(num_convs, in_channels, out_channels)}. */
    private static void vggBlock(NeuralNetConfiguration.ListBuilder layers, int numConvs, int outChannels) {
        for (int i = 0; i < numConvs; i++) {
            layers.layer(convRelu(outChannels, 3, 1, 1));
        }
        layers.layer(maxPool(2, 2, 0));
    }
}
