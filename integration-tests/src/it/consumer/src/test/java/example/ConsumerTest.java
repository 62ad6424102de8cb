package example;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.d2l4j.ch03.SoftmaxRegressionConcise;
import io.github.d2l4j.common.data.DataIters;
import io.github.d2l4j.common.data.FashionMnist;
import io.github.d2l4j.common.metrics.Metrics;
import io.github.d2l4j.common.train.Dl4jNet;
import io.github.d2l4j.common.train.TrainCh3;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;

/** Loads Fashion-MNIST through the public API and trains 3.7's network for one epoch. */
class ConsumerTest {

    @Test
    void oneEpochOfSoftmaxRegressionThroughThePublicApi() {
        DataIters data = FashionMnist.loadDataFashionMnist(256, 42L);
        MultiLayerNetwork net = SoftmaxRegressionConcise.net(0.1, 42L);
        Dl4jNet model = new Dl4jNet(net);
        double[] train = TrainCh3.trainEpochCh3(model, data.train(), "consumer");
        double testAcc = Metrics.evaluateAccuracy(model, data.test());
        System.out.printf("consumer: train loss %.3f, train acc %.3f, test acc %.3f%n", train[0], train[1], testAcc);
        assertTrue(testAcc >= 0.75, "test accuracy " + testAcc + " < 0.75");
    }
}
