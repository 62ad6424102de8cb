package io.github.d2l4j.common.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.d2l4j.common.testing.NdAssert;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.adapter.SingletonDataSetIterator;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.linalg.schedule.ScheduleType;
import org.nd4j.linalg.schedule.StepSchedule;

class HeavyBallMomentumTest {

    @Test
    void updaterMatchesTheScratchFormulaStepForStep() {
        double lr = 0.05;
        double momentum = 0.9;
        HeavyBallMomentum config = new HeavyBallMomentum(lr, momentum);
        INDArray state = Nd4j.zeros(DataType.DOUBLE, 1, config.stateSize(6));
        GradientUpdater<HeavyBallMomentum> updater = config.instantiate(state, true);

        double[][] gradients = {
            {1, -2, 0.5, 3, 0, -1}, {0.5, 0.5, -1, 2, 1, 0}, {-3, 1, 2, 0, 0.25, 4}, {2, 2, 2, -2, -2, -2}
        };
        double[] v = new double[6];
        for (int step = 0; step < gradients.length; step++) {
            INDArray g = Nd4j.createFromArray(gradients[step]).reshape(2, 3);
            updater.applyUpdater(g, step, 0);
            double[] expected = new double[6];
            for (int i = 0; i < 6; i++) {
                v[i] = momentum * v[i] + gradients[step][i]; // the book's sgd_momentum
                expected[i] = lr * v[i];
            }
            NdAssert.assertClose(
                    "update at step " + step, g, Nd4j.createFromArray(expected).reshape(2, 3), 1e-12);
            NdAssert.assertClose(
                    "velocity at step " + step,
                    updater.getState().get(HeavyBallMomentumUpdater.V_STATE),
                    Nd4j.createFromArray(v),
                    1e-12);
        }
    }

    @Test
    void networkTrainedWithItFollowsTheScratchUpdateOnDl4jsOwnGradients() {
        double lr = 0.1;
        double momentum = 0.9;
        MultiLayerNetwork net = new MultiLayerNetwork(configuration(new HeavyBallMomentum(lr, momentum)));
        net.init();
        Nd4j.getRandom().setSeed(7);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 8, 3);
        INDArray y =
                x.mmul(Nd4j.createFromArray(new double[][] {{1}, {-2}, {0.5}})).addi(0.3);
        DataSet data = new DataSet(x, y);

        INDArray p0 = net.params().dup();
        INDArray p = p0.dup();
        INDArray v = Nd4j.zeros(DataType.DOUBLE, p.shape());
        for (int step = 0; step < 5; step++) {
            net.setInput(x);
            net.setLabels(y);
            net.computeGradientAndScore();
            // DL4J's gradient here is summed over the 8 examples; before the updater runs, fit()
            // divides it by the minibatch size, which makes it the gradient of PyTorch's mean loss
            INDArray g = net.gradient().gradient().div(x.rows());
            v.muli(momentum).addi(g);
            p.subi(v.mul(lr));
            net.fit(data);
            NdAssert.assertClose("parameters after step " + (step + 1), net.params(), p, 1e-10);
        }
        assertThat(net.params().distance2(p0)).as("the parameters moved").isGreaterThan(1e-2);

        // DL4J's Nesterovs at the same lr and momentum ends elsewhere: it is not this update
        MultiLayerNetwork nesterov = new MultiLayerNetwork(configuration(new Nesterovs(lr, momentum)));
        nesterov.init();
        assertThat(nesterov.params()).isEqualTo(p0);
        for (int step = 0; step < 5; step++) {
            nesterov.fit(data);
        }
        assertThat(nesterov.params().distance2(p)).isGreaterThan(1e-4);
    }

    @Test
    void aScheduledLearningRateIsReadAtTheNetworksEpoch() {
        double momentum = 0.9;
        ISchedule lr = Schedules.afterEachEpoch(new CosineScheduler(3, 0.3, 0.01), 0.3);
        MultiLayerNetwork net = new MultiLayerNetwork(configuration(new HeavyBallMomentum(lr, momentum)));
        net.init();
        Nd4j.getRandom().setSeed(8);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 8, 3);
        INDArray y = x.sum(true, 1).reshape(8, 1);
        DataSetIterator oneBatchAnEpoch = new SingletonDataSetIterator(new DataSet(x, y));

        INDArray p = net.params().dup();
        INDArray v = Nd4j.zeros(DataType.DOUBLE, p.shape());
        for (int epoch = 0; epoch < 5; epoch++) {
            net.setInput(x);
            net.setLabels(y);
            net.computeGradientAndScore();
            v.muli(momentum).addi(net.gradient().gradient().div(x.rows()));
            p.subi(v.mul(lr.valueAt(0, epoch))); // epoch 0 and 1 at 0.3, then 0.2275, 0.0825, 0.01
            net.fit(oneBatchAnEpoch);
            NdAssert.assertClose("parameters after epoch " + epoch, net.params(), p, 1e-10);
        }
        assertThat(net.getEpochCount()).isEqualTo(5);
    }

    @Test
    void momentumZeroIsDl4jsPlainSgd() {
        MultiLayerNetwork heavyBall = new MultiLayerNetwork(configuration(new HeavyBallMomentum(0.1, 0)));
        MultiLayerNetwork sgd = new MultiLayerNetwork(configuration(new Sgd(0.1)));
        heavyBall.init();
        sgd.init();
        Nd4j.getRandom().setSeed(9);
        DataSet data = new DataSet(Nd4j.rand(DataType.DOUBLE, 8, 3), Nd4j.rand(DataType.DOUBLE, 8, 1));
        for (int step = 0; step < 4; step++) {
            heavyBall.fit(data);
            sgd.fit(data);
        }
        NdAssert.assertClose("momentum 0 against Sgd", heavyBall.params(), sgd.params(), 1e-12);
    }

    @Test
    void configurationSurvivesAJsonRoundTrip() {
        MultiLayerConfiguration conf = configuration(new HeavyBallMomentum(0.005, 0.9));
        MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(conf.toJson());
        assertThat(back).isEqualTo(conf);
        HeavyBallMomentum updater =
                (HeavyBallMomentum) ((BaseLayer) back.getConf(0).getLayer()).getIUpdater();
        assertThat(updater.momentum()).isEqualTo(0.9);
        assertThat(updater.getLearningRate(0, 0)).isEqualTo(0.005);

        HeavyBallMomentum scheduled = new HeavyBallMomentum(new StepSchedule(ScheduleType.EPOCH, 0.5, 0.5, 15), 0.9);
        MultiLayerConfiguration conf2 = configuration(scheduled);
        MultiLayerConfiguration back2 = MultiLayerConfiguration.fromJson(conf2.toJson());
        HeavyBallMomentum u2 = (HeavyBallMomentum) ((BaseLayer) back2.getConf(0).getLayer()).getIUpdater();
        assertThat(u2).isEqualTo(scheduled).isEqualTo(scheduled.clone());
        assertThat(u2.getLearningRate(100, 16)).isEqualTo(0.25);
    }

    @Test
    void badHyperparametersAreRejectedWithTheirValues() {
        assertThatThrownBy(() -> new HeavyBallMomentum(0, 0.9))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("learning rate")
                .hasMessageContaining("0.0");
        assertThatThrownBy(() -> new HeavyBallMomentum(-0.1, 0.9))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-0.1");
        assertThatThrownBy(() -> new HeavyBallMomentum(Double.NaN, 0.9)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HeavyBallMomentum(0.1, 1.0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("momentum")
                .hasMessageContaining("1.0");
        assertThatThrownBy(() -> new HeavyBallMomentum(0.1, -0.5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-0.5");
        assertThat(new HeavyBallMomentum(0.1, 0).momentum()).isZero();
    }

    private static MultiLayerConfiguration configuration(IUpdater updater) {
        return new NeuralNetConfiguration.Builder()
                .seed(3)
                .dataType(DataType.DOUBLE)
                .updater(updater)
                .list()
                .layer(new DenseLayer.Builder()
                        .nIn(3)
                        .nOut(4)
                        .activation(Activation.TANH)
                        .build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE)
                        .nIn(4)
                        .nOut(1)
                        .activation(Activation.IDENTITY)
                        .build())
                .build();
    }
}
