package io.github.d2l4j.common.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.linalg.schedule.ScheduleType;
import org.nd4j.linalg.schedule.StepSchedule;

class SchedulersTest {

    @Test
    void squareRootSchedulerGivesTheBooksValues() {
        ISchedule s = new SquareRootScheduler(0.1);
        assertThat(s.valueAt(0, 0)).isCloseTo(0.1, within(5e-7));
        assertThat(s.valueAt(0, 1)).isCloseTo(0.070711, within(5e-7));
        assertThat(s.valueAt(0, 2)).isCloseTo(0.057735, within(5e-7));
        assertThat(s.valueAt(0, 29)).isCloseTo(0.018257, within(5e-7));
        assertThat(s.valueAt(12345, 1)).as("t is the epoch, not the iteration").isEqualTo(s.valueAt(0, 1));
    }

    @Test
    void factorSchedulerIsTheClosedFormOfTheBooksStatefulCalls() {
        ISchedule s = new FactorScheduler(0.9, 1e-2, 2.0);
        assertThat(s.valueAt(0, 0)).isCloseTo(1.8, within(1e-12));
        assertThat(s.valueAt(0, 1)).isCloseTo(1.62, within(1e-12));
        assertThat(s.valueAt(0, 2)).isCloseTo(1.458, within(1e-12));
        assertThat(s.valueAt(0, 49)).as("the 50th call").isCloseTo(0.010308, within(5e-7));

        // the book's stateful scheduler, called once per t, gives the same sequence, floor included
        double lr = 2.0;
        for (int t = 0; t < 200; t++) {
            lr = Math.max(1e-2, lr * 0.9);
            assertThat(s.valueAt(0, t)).as("call %d", t + 1).isCloseTo(lr, within(1e-12));
        }
        assertThat(s.valueAt(0, 199)).isEqualTo(1e-2);
    }

    @Test
    void cosineSchedulerGivesTheBooksValuesWithAndWithoutWarmup() {
        ISchedule cosine = new CosineScheduler(20, 0.3, 0.01);
        double[] expected = {0.3, 0.2575, 0.155, 0.0525, 0.01};
        for (int i = 0; i < expected.length; i++) {
            assertThat(cosine.valueAt(0, 5 * i)).as("t=%d", 5 * i).isCloseTo(expected[i], within(5e-5));
        }
        for (int t = 21; t < 30; t++) {
            assertThat(cosine.valueAt(0, t)).isEqualTo(0.01);
        }
        assertThat(cosine.valueAt(0, 20)).isCloseTo(0.01, within(1e-15));

        ISchedule warmup = new CosineScheduler(20, 0.3, 0.01, 5, 0);
        double[] warm = {0, 0.06, 0.12, 0.18, 0.24, 0.3, 0.2968, 0.2875};
        for (int t = 0; t < warm.length; t++) {
            assertThat(warmup.valueAt(0, t)).as("warm-up t=%d", t).isCloseTo(warm[t], within(5e-5));
        }
        assertThat(warmup.valueAt(0, 20)).isCloseTo(0.01, within(1e-15));
        assertThat(warmup.valueAt(0, 25)).isEqualTo(0.01);
    }

    @Test
    void dl4jsOwnScheduleExpressesMultiStepLr() {
        ISchedule map = Schedules.multiStepLr(0.5, 0.5, 15, 30);
        ISchedule step = new StepSchedule(ScheduleType.EPOCH, 0.5, 0.5, 15);
        for (int t = 0; t < 30; t++) {
            double want = t < 15 ? 0.5 : 0.25;
            assertThat(map.valueAt(0, t)).as("MapSchedule t=%d", t).isEqualTo(want);
            assertThat(step.valueAt(0, t)).as("StepSchedule t=%d", t).isEqualTo(want);
        }
        // trap 15: after the book's 30 plotting steps the lr is 0.125 and no milestone is left
        ISchedule trained = Schedules.booksMultiStepTrainingRate(map, 30);
        for (int t = 0; t < 30; t++) {
            assertThat(trained.valueAt(0, t)).isEqualTo(0.125);
        }
    }

    @Test
    void theBooksTrainingLoopRunsEpochKAtTheScheduleOfKMinusOne() {
        ISchedule trained = Schedules.afterEachEpoch(new CosineScheduler(20, 0.3, 0.01, 5, 0), 0.3);
        assertThat(trained.valueAt(0, 0)).isEqualTo(0.3);
        assertThat(trained.valueAt(0, 1)).isEqualTo(0.0);
        assertThat(trained.valueAt(0, 2)).isCloseTo(0.06, within(1e-12));
        ISchedule sqrt = Schedules.afterEachEpoch(new SquareRootScheduler(0.1), 0.1);
        assertThat(sqrt.valueAt(0, 1)).isEqualTo(0.1);
        assertThat(sqrt.valueAt(0, 2)).isCloseTo(0.070711, within(5e-7));
    }

    @Test
    void schedulesSurviveAJsonRoundTripInsideANetworkConfiguration() {
        ISchedule[] schedules = {
            new SquareRootScheduler(0.1),
            new FactorScheduler(0.9, 1e-2, 2.0),
            new CosineScheduler(20, 0.3, 0.01, 5, 0),
            Schedules.afterEachEpoch(new CosineScheduler(20, 0.3, 0.01), 0.3),
            Schedules.multiStepLr(0.5, 0.5, 15, 30)
        };
        for (ISchedule s : schedules) {
            MultiLayerConfiguration conf = configuration(s);
            MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(conf.toJson());
            Sgd sgd = (Sgd) ((BaseLayer) back.getConf(0).getLayer()).getIUpdater();
            assertThat(sgd.getLearningRateSchedule())
                    .as(s.toString())
                    .isEqualTo(s)
                    .isEqualTo(s.clone());
            for (int t = 0; t < 30; t++) {
                assertThat(sgd.getLearningRate(0, t)).isEqualTo(s.valueAt(0, t));
            }
        }
    }

    @Test
    void aNetworkReadsTheScheduleAtItsEpochCount() {
        MultiLayerNetwork net = new MultiLayerNetwork(configuration(new CosineScheduler(20, 0.3, 0.01)));
        net.init();
        net.getLayerWiseConfigurations().setEpochCount(10);
        assertThat(net.getLearningRate(0)).isCloseTo(0.155, within(1e-12));
    }

    @Test
    void badHyperparametersAreRejectedWithTheirValues() {
        assertThatThrownBy(() -> new SquareRootScheduler(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0.0");
        assertThatThrownBy(() -> new FactorScheduler(1.5, 1e-2, 2.0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("factor=1.5");
        assertThatThrownBy(() -> new FactorScheduler(0.9, -1, 2.0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("stopFactorLr=-1.0");
        assertThatThrownBy(() -> new FactorScheduler(0.9, 1e-2, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("baseLr=0.0");
        assertThatThrownBy(() -> new CosineScheduler(5, 0.3, 0.01, 5, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxUpdate=5")
                .hasMessageContaining("warmupSteps=5");
        assertThatThrownBy(() -> new CosineScheduler(20, -0.3, 0.01))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("baseLr=-0.3");
        assertThatThrownBy(() -> new CosineScheduler(20, 0.3, 0.01, -1, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("warmupSteps=-1");
        assertThatThrownBy(() -> Schedules.multiStepLr(0.5, 0.5, 15, 15))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[15, 15]");
        assertThatThrownBy(() -> Schedules.multiStepLr(0.5, 2, 15))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("gamma=2.0");
        assertThatThrownBy(() -> Schedules.afterEachEpoch(null, 0.3)).isInstanceOf(IllegalArgumentException.class);
    }

    private static MultiLayerConfiguration configuration(ISchedule schedule) {
        return new NeuralNetConfiguration.Builder()
                .updater(new Sgd(schedule))
                .list()
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE)
                        .nIn(2)
                        .nOut(1)
                        .activation(Activation.IDENTITY)
                        .build())
                .build();
    }
}
