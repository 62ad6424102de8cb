package io.github.d2l4j.ch07;

import static io.github.d2l4j.ch07.ModernCnns.convRelu;
import static io.github.d2l4j.ch07.ModernCnns.dense;
import static io.github.d2l4j.ch07.ModernCnns.dropout;
import static io.github.d2l4j.ch07.ModernCnns.maxPool;
import static io.github.d2l4j.ch07.ModernCnns.output;

import io.github.d2l4j.common.model.TorchInit;
import io.github.d2l4j.common.section.BookSection;
import io.github.d2l4j.common.section.RunOptions;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.factory.Nd4j;

/**
 * AlexNet, adapted to Fashion-MNIST as the book does: one input channel, images resized to 224,
 * ten outputs. Five convolutions (11x11 stride 4, 5x5, three 3x3) with ReLU and three 3x3/2 max
 * pools, then two 4096-unit dense layers with dropout 0.5.
 *
 * <p>Dropout: the book's {@code nn.Dropout(p=0.5)} modules are DL4J {@code DropoutLayer}s, whose
 * argument is the probability of keeping a unit (1 - p, 0.5 again).
 *
 * <p>At the book's 224 pixels the first dense layer sees 256x5x5 = 6400 inputs. Smaller sizes
 * ({@code --resize}) shrink that, down to 256x1x1 at 65, the smallest size this architecture
 * accepts: at 64 the last 3x3 max pool would get a 2x2 input.
 *
 * <p>D2L 7.1, Deep Convolutional Neural Networks (AlexNet).
 */
@BookSection(
        id = "7.1",
        title = "Deep Convolutional Neural Networks (AlexNet)",
        page = "https://zh.d2l.ai/chapter_convolutional-modern/alexnet.html")
public final class AlexNet {
    /** The smallest input side the architecture accepts. */
    public static final int MIN_RESIZE = 65;

    private AlexNet() {}

    public static ModernCnns.Config config(RunOptions o) {
        // the book's batch 128, lr 0.01, 10 epochs, 224x224 inputs
        return ModernCnns.Config.from(o, "AlexNet", MIN_RESIZE, 128, 0.01, 10, 224);
    }

    public static ModernCnns.Result run(ModernCnns.Config c) {
        return ModernCnns.walkThroughAndTrain(net(c.resize(), c.lr(), c.seed()), c, "7.1-alexnet");
    }

    /** The book's {@code net} for {@code side}x{@code side} inputs, trained by SGD at {@code lr}. */
    public static MultiLayerNetwork net(int side, double lr, long seed) {
        ModernCnns.requireSide("AlexNet", MIN_RESIZE, side);
        MultiLayerNetwork net = new MultiLayerNetwork(ModernCnns.base(lr, seed)
                .list()
                // a larger 11x11 window to capture objects, stride 4 to shrink the output
                .layer(convRelu(96, 11, 4, 1))
                .layer(maxPool(3, 2, 0))
                // a smaller window, padding 2 keeps height and width, more channels
                .layer(convRelu(256, 5, 1, 2))
                .layer(maxPool(3, 2, 0))
                // three 3x3 convolutions in a row
                .layer(convRelu(384, 3, 1, 1))
                .layer(convRelu(384, 3, 1, 1))
                .layer(convRelu(256, 3, 1, 1))
                .layer(maxPool(3, 2, 0))
                // Flatten, then two large dense layers with dropout against overfitting
                .layer(dense(4096, Activation.RELU))
                .layer(dropout(0.5))
                .layer(dense(4096, Activation.RELU))
                .layer(dropout(0.5))
                .layer(output(10)) // Fashion-MNIST has 10 classes, not ImageNet's 1000
                .setInputType(InputType.convolutional(side, side, 1))
                .build());
        net.init();
        Nd4j.getRandom().setSeed(seed);
        TorchInit.biases(net);
        return net;
    }
}
