package io.github.d2l4j.common.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.d2l4j.common.data.Airfoil;
import io.github.d2l4j.common.data.ArrayDataSetIterator;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;

class TrainCh11Test {
    @TempDir
    Path tmp;

    /** The book's {@code sgd(params, states, hyperparams)}: p -= lr * p.grad, no division by the batch size. */
    private static final TrainCh11.TrainerFn SGD = (params, states, hyperparams) -> {
        for (TrainCh11.Param p : params) {
            p.data().subi(p.grad().mul(hyperparams.get("lr")));
        }
    };

    /** n rows of y = X w* + 0.1 noise with five standard-normal features, loaded in batches. */
    private static Airfoil.Data linearData(int n, int batchSize, long seed) {
        Nd4j.getRandom().setSeed(seed);
        INDArray x = Nd4j.randn(DataType.FLOAT, n, 5);
        INDArray trueW =
                Nd4j.createFromArray(new float[] {0.5f, -0.3f, 0.2f, 0f, 0.4f}).reshape(5, 1);
        INDArray y =
                x.mmul(trueW).addi(0.1).addi(Nd4j.randn(DataType.FLOAT, n, 1).muli(0.1));
        return new Airfoil.Data(x, y, ArrayDataSetIterator.of(x, y, batchSize, true, seed), 5);
    }

    @Test
    void theWrittenOutGradientsAreSameDiffs() {
        Nd4j.getRandom().setSeed(3);
        INDArray x = Nd4j.randn(DataType.FLOAT, 7, 5);
        INDArray y = Nd4j.randn(DataType.FLOAT, 7, 1);
        INDArray w = Nd4j.randn(DataType.FLOAT, 5, 1);
        INDArray b = Nd4j.createFromArray(0.3f);
        TrainCh11.Linreg model = new TrainCh11.Linreg(w.dup(), b.dup());
        model.backward(x, y);

        SameDiff sd = SameDiff.create();
        SDVariable sw = sd.var("w", w.dup());
        SDVariable sb = sd.var("b", b.dup());
        SDVariable r = sd.constant(x).mmul(sw).add(sb).sub(sd.constant(y));
        SDVariable loss = r.mul(r).mul(0.5).mean(); // squared_loss(net(X), y).mean()
        loss.markAsLoss();
        Map<String, INDArray> g = sd.calculateGradients(Map.of(), "w", "b");

        assertThat(model.params().get(0).grad().shape()).containsExactly(5, 1);
        for (int i = 0; i < 5; i++) {
            assertThat(model.params().get(0).grad().getDouble(i, 0))
                    .isCloseTo(g.get("w").getDouble(i, 0), within(1e-5));
        }
        assertThat(model.params().get(1).grad().getDouble(0))
                .isCloseTo(g.get("b").getDouble(0), within(1e-5));
        assertThat(model.evaluateLoss(x, y)).isCloseTo(loss.eval().getDouble(), within(1e-5));
    }

    @Test
    void oneConciseSgdStepIsTheScratchStepOnTheBooksDoubledLoss() {
        Nd4j.getRandom().setSeed(5);
        INDArray x = Nd4j.randn(DataType.FLOAT, 10, 5);
        INDArray y = Nd4j.randn(DataType.FLOAT, 10, 1);
        double lr = 0.03;
        MultiLayerNetwork net = TrainCh11.linearNet(new Sgd(lr), 5, 11);
        INDArray w0 = net.getParam("0_W").dup();
        INDArray b0 = net.getParam("0_b").dup();
        assertThat(w0.stdNumber().doubleValue()).as("N(0, 0.01^2)").isBetween(0.002, 0.03);
        assertThat(Math.abs(b0.getDouble(0))).as("U(-1/sqrt 5, 1/sqrt 5)").isLessThan(1 / Math.sqrt(5));

        net.fit(new DataSet(x, y));

        // The concise loss is the mean squared error without the ½: twice the scratch gradient.
        TrainCh11.Linreg scratch = new TrainCh11.Linreg(w0.dup(), b0.reshape(1).dup());
        scratch.backward(x, y);
        SGD.step(scratch.params(), List.of(), Map.of("lr", 2 * lr));
        for (int i = 0; i < 5; i++) {
            assertThat(net.getParam("0_W").getDouble(i, 0))
                    .isCloseTo(scratch.params().get(0).data().getDouble(i, 0), within(1e-6));
        }
        assertThat(net.getParam("0_b").getDouble(0))
                .isCloseTo(scratch.params().get(1).data().getDouble(0), within(1e-6));
        assertThat(net.getParam("0_W").sub(w0).amaxNumber().doubleValue())
                .as("the step moved the weights")
                .isGreaterThan(1e-3);
    }

    @Test
    void sgdLowersTheLossAndKeepsTheBooksBookkeeping() {
        Airfoil.Data data = linearData(1500, 10, 1);
        double atZero = data.labels().norm2Number().doubleValue();
        atZero = atZero * atZero / 1500 / 2;
        TrainCh11.Result r = TrainCh11.trainCh11(SGD, null, Map.of("lr", 0.05), data, 2, 42, tmp.resolve("t.png"));

        assertThat(r.losses()).as("every 200 examples: 2 x 1500 / 200").hasSize(15);
        assertThat(r.epochs()[0])
                .as("n / batch / len(data_iter) at n = 200")
                .isCloseTo(200.0 / 10 / 150, within(1e-12));
        assertThat(r.epochs()[14]).isCloseTo(2.0, within(1e-12));
        assertThat(r.times()).hasSize(15);
        for (int i = 1; i < 15; i++) {
            assertThat(r.times()[i]).as("cumulative").isGreaterThanOrEqualTo(r.times()[i - 1]);
        }
        assertThat(r.secPerEpoch()).as("timer.avg()").isCloseTo(r.times()[14] / 15, within(1e-12));
        assertThat(r.finalLoss()).isLessThan(atZero / 10).isCloseTo(0.005, within(0.003)); // noise 0.1: ½ 0.01
        assertThat(r.plot()).isRegularFile();
        assertThat(r.summary().toString()).contains("loss").contains("sec_per_epoch");
    }

    @Test
    void fullBatchEvaluatesEverySecondEpochAsTheBookDoes() {
        Airfoil.Data data = linearData(1500, 1500, 2);
        TrainCh11.Result r = TrainCh11.trainCh11(SGD, List.of(), Map.of("lr", 1.0), data, 10, 42, null);
        assertThat(r.epochs()).containsExactly(2, 4, 6, 8, 10);
        assertThat(r.losses()[4]).isLessThan(r.losses()[0]);
    }

    @Test
    void theConciseLoopLowersTheHalvedMse() {
        Airfoil.Data data = linearData(400, 10, 4);
        TrainCh11.Result r = TrainCh11.trainConciseCh11(new Sgd(0.05), data, 2, 42, null);
        assertThat(r.losses()).hasSize(4);
        assertThat(r.finalLoss()).isLessThan(r.losses()[0]).isCloseTo(0.005, within(0.003));
    }

    @Test
    void badRunsAreRejectedBeforeTraining() {
        Airfoil.Data data = linearData(50, 10, 4);
        assertThatThrownBy(() -> TrainCh11.trainCh11(SGD, null, Map.of("lr", 0.1), data, 0, 1, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("numEpochs must be positive, got 0");
        assertThatThrownBy(() -> TrainCh11.trainConciseCh11(new Sgd(0.1), data, 3, 1, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("3 epochs of 50 examples never reach 200");
    }

    @Test
    void badHyperparametersAreRejectedBeforeTraining() {
        Airfoil.Data data = linearData(50, 10, 4);
        assertThatThrownBy(() -> TrainCh11.trainCh11(SGD, null, Map.of("lr", 0.0), data, 4, 1, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lr=0.0");
        assertThatThrownBy(() -> TrainCh11.trainCh11(SGD, null, Map.of("lr", 0.1, "rho", 1.0), data, 4, 1, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("rho=1.0");
        assertThatThrownBy(() -> TrainCh11.trainCh11(SGD, null, Map.of("lr", 0.1, "momentum", -0.5), data, 4, 1, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("momentum=-0.5");
        assertThatThrownBy(() -> TrainCh11.trainConciseCh11(new Sgd(-0.1), data, 4, 1, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be positive, got -0.1");
        assertThatThrownBy(() -> TrainCh11.trainConciseCh11(
                        new org.nd4j.linalg.learning.config.AdaDelta(1.5, 1e-6), data, 4, 1, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("rho must lie in (0, 1), got 1.5");
        assertThatThrownBy(() -> TrainCh11.trainConciseCh11(
                        new org.nd4j.linalg.learning.config.RmsProp(0.01, 0, 1e-8), data, 4, 1, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got 0.0");
    }
}
