package io.github.d2l4j.ch07;

import static io.github.d2l4j.ch07.ModernCnns.activation;
import static io.github.d2l4j.ch07.ModernCnns.avgPool2;
import static io.github.d2l4j.ch07.ModernCnns.batchNorm;
import static io.github.d2l4j.ch07.ModernCnns.conv;
import static io.github.d2l4j.ch07.ModernCnns.dense;
import static io.github.d2l4j.ch07.ModernCnns.output;

import io.github.d2l4j.common.data.DataIters;
import io.github.d2l4j.common.data.FashionMnist;
import io.github.d2l4j.common.model.Dl4jNet;
import io.github.d2l4j.common.model.TorchInit;
import io.github.d2l4j.common.section.BookSection;
import io.github.d2l4j.common.section.RunOptions;
import io.github.d2l4j.common.section.SectionResult;
import io.github.d2l4j.common.section.Summary;
import io.github.d2l4j.common.train.Scratch;
import io.github.d2l4j.common.train.TrainCh3;
import io.github.d2l4j.common.train.TrainCh6;
import java.nio.file.Path;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Batch normalization in LeNet, both ways: from scratch ({@link BatchNormScratch}: the book's
 * {@code batch_norm} and {@code BatchNorm} over SameDiff) and concise (DL4J's {@code
 * BatchNormalization} layer, {@link #net}). Both train with the book's settings, batch 256, lr
 * 1.0, 10 epochs, and the first batch norm's learned gamma and beta are printed, as the book does.
 *
 * <p><b>The book's choices, and DL4J's defaults.</b> DL4J's {@code decay} is the share of the old
 * moving statistic that is kept: 0.9, the book's {@code momentum=0.9} in its scratch code and
 * PyTorch's {@code momentum=0.1} (the share of the new one). eps 1e-5 in all three. DL4J keeps
 * the moving variance as log10 of the standard deviation by default; {@code useLogStd(false)}
 * keeps the variance itself. DL4J's {@code numParams()} counts the moving mean and variance,
 * which PyTorch keeps as buffers rather than parameters. The dense layers' biases before a batch
 * norm are kept, as the book keeps them (the batch norm's shift makes them redundant).
 *
 * <p>D2L 7.5, Batch Normalization.
 */
@BookSection(
        id = "7.5",
        title = "Batch Normalization",
        page = "https://zh.d2l.ai/chapter_convolutional-modern/batch-norm.html")
public final class BatchNorm {
    private static final Logger LOG = LoggerFactory.getLogger(BatchNorm.class);

    public record Config(int batchSize, double lr, int numEpochs, long seed, Path out) {
        public Config {
            Scratch.requireTraining(batchSize, lr, numEpochs);
        }

        public static Config from(RunOptions o) {
            return new Config(
                    o.batchSize(256), // the book's settings for LeNet with batch norm
                    o.lr(1.0),
                    o.epochs(10),
                    o.seed(42),
                    o.out());
        }
    }

    /**
     * @param gamma the scratch net's first batch norm's learned scale, one per channel
     * @param beta its learned shift
     */
    public record Result(TrainCh3.Result scratch, TrainCh3.Result concise, INDArray gamma, INDArray beta)
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
        DataIters data = FashionMnist.loadDataFashionMnist(c.batchSize(), c.seed());
        LOG.info("-- from scratch (SameDiff) --");
        BatchNormScratch.Model scratch = BatchNormScratch.net(BatchNormScratch.initParams(c.seed()), c.lr());
        TrainCh3.Result scratchResult = TrainCh6.trainCh6(
                scratch.net(), data.train(), data.test(), c.numEpochs(), c.out().resolve("7.5-scratch.png"));
        // the book: net[1].gamma.reshape((-1,)), net[1].beta.reshape((-1,))
        INDArray gamma = scratch.norms().get(0).gamma().reshape(-1);
        INDArray beta = scratch.norms().get(0).beta().reshape(-1);
        LOG.info("gamma {}", gamma);
        LOG.info("beta {}", beta);
        LOG.info("-- concise (DL4J) --");
        MultiLayerNetwork net = net(c.lr(), c.seed());
        TrainCh3.Result concise = TrainCh6.trainCh6(
                new Dl4jNet(net),
                data.train(),
                data.test(),
                c.numEpochs(),
                c.out().resolve("7.5-concise.png"));
        LOG.info("concise gamma {}", net.getLayer(1).getParam("gamma").reshape(-1));
        LOG.info("concise beta {}", net.getLayer(1).getParam("beta").reshape(-1));
        return new Result(scratchResult, concise, gamma, beta);
    }

    /**
     * The book's concise LeNet with batch norm: each convolution and dense layer is followed by
     * {@code nn.BatchNorm2d} / {@code nn.BatchNorm1d}, then the sigmoid.
     */
    public static MultiLayerNetwork net(double lr, long seed) {
        MultiLayerNetwork net = new MultiLayerNetwork(ModernCnns.base(lr, seed)
                .list()
                .layer(conv(6, 5, 1, 0, Activation.IDENTITY))
                .layer(batchNorm())
                .layer(activation(Activation.SIGMOID))
                .layer(avgPool2())
                .layer(conv(16, 5, 1, 0, Activation.IDENTITY))
                .layer(batchNorm())
                .layer(activation(Activation.SIGMOID))
                .layer(avgPool2())
                .layer(dense(120, Activation.IDENTITY))
                .layer(batchNorm())
                .layer(activation(Activation.SIGMOID))
                .layer(dense(84, Activation.IDENTITY))
                .layer(batchNorm())
                .layer(activation(Activation.SIGMOID))
                .layer(output(10))
                .setInputType(InputType.convolutional(28, 28, 1))
                .build());
        net.init();
        Nd4j.getRandom().setSeed(seed);
        return TorchInit.biases(net);
    }
}
