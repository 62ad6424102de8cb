package io.github.d2l4j.ch11;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.d2l4j.ch11.LearningRateScheduling.Config;
import io.github.d2l4j.ch11.LearningRateScheduling.Epoch;
import io.github.d2l4j.ch11.LearningRateScheduling.Result;
import io.github.d2l4j.ch11.LearningRateScheduling.Run;
import io.github.d2l4j.ch11.LearningRateScheduling.RunResult;
import io.github.d2l4j.common.model.LayerShapes;
import io.github.d2l4j.common.model.LayerShapes.LayerShape;
import io.github.d2l4j.common.optim.Schedules;
import io.github.d2l4j.common.section.RunOptions;
import io.github.d2l4j.common.testing.NdAssert;
import io.github.d2l4j.common.testing.OneDnnCheck;
import io.github.d2l4j.common.testing.SectionContract;
import io.github.d2l4j.common.testing.TinyFashionMnist;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNConvHelper;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNSubsamplingHelper;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.schedule.FixedSchedule;
import org.nd4j.linalg.schedule.ISchedule;

@ExtendWith(TinyFashionMnist.class)
class LearningRateSchedulingTest {
    private static final double EPS = 5e-7; // the book prints 6 decimals

    @TempDir
    Path out;

    // ---- the network -------------------------------------------------------------------------

    @Test
    void netFnHasTheBooksShapesAndParameterCount() {
        MultiLayerNetwork net = LearningRateScheduling.netFn(new FixedSchedule(0.3), 1);
        List<LayerShape> shapes = LayerShapes.of(net, Nd4j.rand(DataType.FLOAT, 1, 1, 28, 28));
        assertThat(shapes)
                .extracting(LayerShape::shape)
                .containsExactly(
                        new long[] {1, 6, 28, 28},
                        new long[] {1, 6, 14, 14},
                        new long[] {1, 16, 10, 10},
                        new long[] {1, 16, 5, 5},
                        new long[] {1, 400},
                        new long[] {1, 120},
                        new long[] {1, 84},
                        new long[] {1, 10});
        // conv 6*1*25+6, conv 16*6*25+16, 400*120+120, 120*84+84, 84*10+10
        assertThat(net.numParams())
                .isEqualTo(156 + 2416 + 48_120 + 10_164 + 850)
                .isEqualTo(61_706);
        assertThat(net.getLayer(0).getParam("W").shape()).containsExactly(6, 1, 5, 5);
        assertThat(net.getLayer(2).getParam("W").shape()).containsExactly(16, 6, 5, 5);
        assertThat(net.getLayer(4).getParam("W").shape()).containsExactly(400, 120);
        assertThat(net.getLayer(6).getParam("W").shape()).containsExactly(84, 10);
    }

    @Test
    void netFnStartsFromPyTorchsDefaultInitialisation() {
        MultiLayerNetwork net = LearningRateScheduling.netFn(new FixedSchedule(0.3), 7);
        // layer index -> fan_in: U(-1/sqrt(fan_in), 1/sqrt(fan_in)) for weights and biases alike
        Map<Integer, Integer> fanIn = Map.of(0, 25, 2, 150, 4, 400, 5, 120, 6, 84);
        fanIn.forEach((layer, n) -> {
            double bound = 1 / Math.sqrt(n);
            for (String p : List.of("W", "b")) {
                double max = net.getLayer(layer).getParam(p).amaxNumber().doubleValue();
                assertThat(max)
                        .as("layer %d %s against 1/sqrt(%d)", layer, p, n)
                        .isLessThanOrEqualTo(bound);
            }
            // the weights fill their range (Xavier's would reach sqrt(6 / (fan_in + fan_out)) instead)
            assertThat(net.getLayer(layer).getParam("W").amaxNumber().doubleValue())
                    .as("layer %d W reaches its bound", layer)
                    .isGreaterThan(0.9 * bound);
        });
        // biases are not DL4J's zeros
        assertThat(net.getLayer(0).getParam("b").amaxNumber().doubleValue()).isPositive();
    }

    @Test
    void convolutionsAndPoolsRunOnOneDnnAndComputeWhatTheBuiltInPathComputes() {
        MultiLayerNetwork fast = LearningRateScheduling.netFn(new FixedSchedule(0.3), 2);
        assertThat(fast.getLayer(0).getHelper()).isInstanceOf(MKLDNNConvHelper.class);
        assertThat(fast.getLayer(1).getHelper()).isInstanceOf(MKLDNNSubsamplingHelper.class);
        MultiLayerNetwork plain =
                new MultiLayerNetwork(fast.getLayerWiseConfigurations().clone());
        plain.init(fast.params().dup(), true);
        assertThat(plain.getLayer(0).getHelper()).isNull();
        INDArray[] b = batch(32, 3);
        OneDnnCheck.assertSameAsBuiltIn(fast, plain, b[0], b[1]);
    }

    // ---- the schedules as the book plots them ----------------------------------------------

    @Test
    void theSchedulesTakeTheBooksValues() {
        double[] sqrt = LearningRateScheduling.values(LearningRateScheduling.bookScheduler(Run.SQUARE_ROOT), 30);
        assertThat(sqrt[0]).isCloseTo(0.1, within(EPS));
        assertThat(sqrt[1]).isCloseTo(0.070711, within(EPS));
        assertThat(sqrt[2]).isCloseTo(0.057735, within(EPS));
        assertThat(sqrt[29]).isCloseTo(0.018257, within(EPS));

        double[] cosine = LearningRateScheduling.values(LearningRateScheduling.bookScheduler(Run.COSINE), 30);
        assertThat(new double[] {cosine[0], cosine[5], cosine[10], cosine[15], cosine[20], cosine[25], cosine[29]})
                .containsExactly(new double[] {0.3, 0.2575, 0.155, 0.0525, 0.01, 0.01, 0.01}, within(1e-4));

        double[] warmup = LearningRateScheduling.values(LearningRateScheduling.bookScheduler(Run.WARMUP), 8);
        assertThat(warmup).containsExactly(new double[] {0, 0.06, 0.12, 0.18, 0.24, 0.3, 0.2968, 0.2875}, within(1e-4));

        // the multi-step plot: get_lr returns the lr before each step, 0.5 for t < 15, then 0.25
        double[] multi = LearningRateScheduling.values(LearningRateScheduling.bookScheduler(Run.MULTI_STEP), 30);
        for (int t = 0; t < 30; t++) {
            assertThat(multi[t]).as("t = %d", t).isEqualTo(t < 15 ? 0.5 : 0.25);
        }
        assertThat(LearningRateScheduling.bookScheduler(Run.CONSTANT)).isNull();
    }

    // ---- what the training loop makes of them ----------------------------------------------

    @Test
    void customSchedulersTrainEpochKAtSchedulerOfKMinusOne() {
        ISchedule warmup = LearningRateScheduling.trainingSchedule(Run.WARMUP, 30);
        assertThat(LearningRateScheduling.values(warmup, 8))
                .containsExactly(new double[] {0.3, 0.0, 0.06, 0.12, 0.18, 0.24, 0.3, 0.2968}, within(1e-4));
        ISchedule sqrt = LearningRateScheduling.trainingSchedule(Run.SQUARE_ROOT, 30);
        assertThat(LearningRateScheduling.values(sqrt, 3))
                .containsExactly(new double[] {0.1, 0.1, 0.070711}, within(EPS));
        ISchedule cosine = LearningRateScheduling.trainingSchedule(Run.COSINE, 30);
        assertThat(cosine.valueAt(0, 0)).isEqualTo(0.3);
        assertThat(cosine.valueAt(0, 21)).isCloseTo(0.01, within(1e-12)); // scheduler(20)
        assertThat(LearningRateScheduling.values(LearningRateScheduling.trainingSchedule(Run.CONSTANT, 30), 30))
                .containsOnly(0.3);
    }

    @Test
    void theMultiStepRunTrainsAtAConstant0125AfterTheBooksPlottingLoop() {
        ISchedule training = LearningRateScheduling.trainingSchedule(Run.MULTI_STEP, 30);
        double books = Schedules.booksMultiStepTrainingRate(Schedules.multiStepLr(0.5, 0.5, 15, 30), 30)
                .valueAt(0, 0);
        assertThat(books).isEqualTo(0.125);
        assertThat(LearningRateScheduling.values(training, 30)).containsOnly(books);
        // with 10 epochs the plot steps it 10 times: a milestone (15) still lies 5 epochs ahead
        assertThat(LearningRateScheduling.values(LearningRateScheduling.trainingSchedule(Run.MULTI_STEP, 10), 10))
                .containsExactly(0.5, 0.5, 0.5, 0.5, 0.5, 0.25, 0.25, 0.25, 0.25, 0.25);
    }

    /**
     * DL4J's updater really uses the epoch's rate: a step changes the parameters by -lr * gradient
     * (of the mean loss) with the rate of the epoch counter, which the loop advances, and by nothing at lr 0.
     */
    @Test
    void dl4jsUpdaterUsesTheScheduleOfTheCurrentEpoch() {
        MultiLayerNetwork net =
                LearningRateScheduling.netFn(LearningRateScheduling.trainingSchedule(Run.WARMUP, 30), 5);
        INDArray[] b = batch(16, 6);
        double[] expected = {0.3, 0.0, 0.06};
        for (int epoch = 0; epoch < 3; epoch++) {
            assertThat(net.getLearningRate(0)).isCloseTo(expected[epoch], within(1e-12));
            net.setInput(b[0]);
            net.setLabels(b[1]);
            net.computeGradientAndScore();
            // summed over the batch: DL4J's updater divides by the batch size, the book's mean loss
            INDArray gradient = net.gradient().gradient().div(16);
            INDArray before = net.params().dup();
            net.fit(b[0], b[1]);
            NdAssert.assertClose(
                    "epoch " + epoch + ": the step", net.params().sub(before), gradient.mul(-expected[epoch]), 1e-5);
            net.incrementEpochCount();
        }
    }

    @Test
    void theTrainingLoopRecordsTheBooksRatePerEpochOnTinyData() {
        Result r = LearningRateScheduling.run(
                new Config(64, 3, 3, out, null, List.of(Run.SQUARE_ROOT, Run.MULTI_STEP, Run.WARMUP)));
        assertThat(r.runs()).extracting(RunResult::run).containsExactly(Run.SQUARE_ROOT, Run.MULTI_STEP, Run.WARMUP);
        RunResult sqrt = r.runs().get(0);
        assertThat(sqrt.epochs().stream().mapToDouble(Epoch::lr).toArray())
                .containsExactly(new double[] {0.1, 0.1, 0.070711}, within(EPS));
        // three plotted steps leave the multi-step rate at 0.5, and no milestone comes within 3 more
        assertThat(r.runs().get(1).epochs()).extracting(Epoch::lr).containsOnly(0.5);
        RunResult warmup = r.runs().get(2);
        assertThat(warmup.epochs().stream().mapToDouble(Epoch::lr).toArray())
                .containsExactly(new double[] {0.3, 0.0, 0.06}, within(1e-12));
        // at lr 0 nothing moves: the test accuracy after epoch 2 is that after epoch 1
        assertThat(warmup.epochs().get(1).testAcc())
                .isEqualTo(warmup.epochs().get(0).testAcc());
        assertThat(warmup.schedule()).hasSize(3);
        for (RunResult run : r.runs()) {
            assertThat(run.epochs()).hasSize(3);
            assertThat(run.plot()).exists();
            assertThat(run.schedulePlot()).exists();
        }
        assertThat(r.factorSchedule()).hasSize(50);
        assertThat(r.factorSchedule()[0]).isCloseTo(1.8, within(1e-12));
        assertThat(r.factorSchedule()[1]).isCloseTo(1.62, within(1e-12));
        assertThat(r.factorSchedule()[2]).isCloseTo(1.458, within(1e-12));
        assertThat(r.factorSchedule()[49]).isCloseTo(0.010308, within(EPS)); // the 0.01 floor not yet reached
        assertThat(r.factorPlot()).exists();
        assertThat(r.lrLine()).isEqualTo("learning rate is now 0.10");

        Map<String, String> summary =
                io.github.d2l4j.common.section.Summary.parse(r.summary().line("11.11"));
        assertThat(summary)
                .containsKeys(
                        "sqrt_train_loss",
                        "sqrt_test_acc",
                        "multistep_train_acc",
                        "warmup_test_acc",
                        "warmup_plot",
                        "warmup_lr_plot",
                        "factor_lr_plot",
                        "sec_per_epoch")
                .doesNotContainKey("constant_test_acc");
        assertThat(Files.exists(Path.of(summary.get("warmup_plot")))).isTrue();
    }

    @Test
    void theConstantRunHasNoSchedulePlot() {
        Result r = LearningRateScheduling.run(new Config(128, 1, 4, out, 256, List.of(Run.CONSTANT)));
        RunResult constant = r.runs().get(0);
        assertThat(constant.schedule()).isEmpty();
        assertThat(constant.schedulePlot()).isNull();
        assertThat(constant.epochs().get(0).lr()).isEqualTo(0.3);
        assertThat(constant.last().trainLoss()).isFinite().isPositive();
    }

    // ---- configuration -----------------------------------------------------------------------

    @Test
    void theSectionKeepsTheContract() {
        SectionContract.check(new Ch11Sections(), 11, "chapter_optimization");
    }

    @Test
    void configFromTakesTheBooksSettings() {
        Config c = Config.from(RunOptions.none());
        assertThat(c.batchSize()).isEqualTo(256);
        assertThat(c.numEpochs()).isEqualTo(30);
        assertThat(c.trainSize()).isNull();
        assertThat(c.runs()).containsExactly(Run.values());
    }

    @Test
    void badInputFailsBeforeAnyWork() {
        assertThatThrownBy(() -> new Config(0, 30, 1, out, null, List.of(Run.CONSTANT)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("batchSize=0");
        assertThatThrownBy(() -> new Config(256, -1, 1, out, null, List.of(Run.CONSTANT)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("numEpochs=-1");
        assertThatThrownBy(() -> new Config(256, 30, 1, out, 0, List.of(Run.CONSTANT)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("train size");
        assertThatThrownBy(() -> new Config(256, 30, 1, out, null, List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one run");
    }

    private static INDArray[] batch(int n, long seed) {
        Nd4j.getRandom().setSeed(seed);
        INDArray X = Nd4j.rand(DataType.FLOAT, n, 1, 28, 28);
        INDArray y = Nd4j.zeros(DataType.FLOAT, n, 10);
        for (int i = 0; i < n; i++) {
            y.putScalar(i, (i * 7) % 10, 1);
        }
        return new INDArray[] {X, y};
    }
}
