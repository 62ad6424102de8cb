package io.github.d2l4j.common.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.d2l4j.common.data.FashionMnist;
import io.github.d2l4j.common.model.Dl4jNet;
import io.github.d2l4j.common.testing.IdxFixtures;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.slf4j.LoggerFactory;

/** trainCh6 on a tiny generated problem: what it plots, what it prints, what it returns. */
class TrainCh6Test {
    @TempDir
    Path dir;

    private static MultiLayerNetwork smallCnn() {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder()
                .seed(1)
                .updater(new Sgd(0.1))
                .weightInit(WeightInit.XAVIER_UNIFORM)
                .list()
                .layer(new ConvolutionLayer.Builder(5, 5)
                        .nOut(4)
                        .stride(3, 3)
                        .activation(Activation.RELU)
                        .build())
                .layer(new SubsamplingLayer.Builder()
                        .kernelSize(2, 2)
                        .stride(2, 2)
                        .build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                        .nOut(10)
                        .activation(Activation.SOFTMAX)
                        .build())
                .setInputType(InputType.convolutional(28, 28, 1))
                .build());
        net.init();
        return net;
    }

    @Test
    void plotsFiveTimesAnEpochAndPrintsTheBooksLines() throws Exception {
        Path data = IdxFixtures.writeFashionMnist(dir.resolve("data"), 500, 200, true, 7);
        DataSetIterator train = FashionMnist.iterator(FashionMnist.read(data, "train"), 50, true, 1);
        DataSetIterator test = FashionMnist.iterator(FashionMnist.read(data, "t10k"), 50, false, 1);
        var appender = new ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent>();
        appender.start();
        var animator =
                (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(io.github.d2l4j.common.plot.Animator.class);
        var trainer = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(TrainCh6.class);
        for (var logger : List.of(animator, trainer)) { // tests log warnings only: these lines are the subject
            logger.setLevel(ch.qos.logback.classic.Level.INFO);
            logger.setAdditive(false);
            logger.addAppender(appender);
        }
        TrainCh3.Result r;
        try {
            r = TrainCh6.trainCh6(new Dl4jNet(smallCnn()), train, test, 3, dir.resolve("ch6.png"));
        } finally {
            for (var logger : List.of(animator, trainer)) {
                logger.detachAppender(appender);
                logger.setAdditive(true);
                logger.setLevel(null);
            }
        }
        List<String> lines = appender.list.stream()
                .map(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage)
                .collect(Collectors.toList());
        List<String> points = lines.stream().filter(l -> l.startsWith("epoch ")).collect(Collectors.toList());
        // 10 batches an epoch: points after batches 2, 4, 6, 8 and 10, then the test accuracy
        assertThat(points.subList(0, 6))
                .extracting(l -> l.split(",")[0])
                .containsExactly("epoch 0.2", "epoch 0.4", "epoch 0.6", "epoch 0.8", "epoch 1", "epoch 1");
        assertThat(points.get(4)).contains("train loss").doesNotContain("test acc");
        assertThat(points.get(5)).startsWith("epoch 1, test acc ");
        assertThat(points).hasSize(3 * 6);
        assertThat(lines).anyMatch(l -> l.startsWith("plot: ") && l.endsWith("ch6.png"));
        assertThat(lines.get(lines.size() - 2))
                .isEqualTo(String.format(
                        "loss %.3f, train acc %.3f, test acc %.3f",
                        r.last().trainLoss(), r.last().trainAcc(), r.last().testAcc()));
        assertThat(lines.get(lines.size() - 1)).matches("[0-9]+\\.[0-9] examples/sec on cpu");
        assertThat(r.epochs()).hasSize(3);
        assertThat(r.examplesPerSec()).isPositive();
        assertThat(r.last().trainLoss()).isLessThan(r.epochs().get(0).trainLoss());
        assertThat(dir.resolve("ch6.png")).exists();
        assertThat(TrainCh6.evaluateAccuracyGpu(new Dl4jNet(smallCnn()), test)).isBetween(0.0, 1.0);
    }

    /** A one-epoch run plots its points at 0.2 to 1: the x-axis shows them, as trainCh3's shows epoch 1. */
    @Test
    void theXAxisShowsEveryPlottedPoint() {
        assertThat(TrainCh3.axes(1, TrainCh6.POINTS_PER_EPOCH).xlim()).containsExactly(0, 1);
        assertThat(TrainCh3.axes(10, TrainCh6.POINTS_PER_EPOCH).xlim()).containsExactly(0, 10);
        assertThat(TrainCh3.axes(1, 1).xlim()).containsExactly(1, 2);
        assertThat(TrainCh3.axes(10, 1).xlim()).containsExactly(1, 10);
    }
}
