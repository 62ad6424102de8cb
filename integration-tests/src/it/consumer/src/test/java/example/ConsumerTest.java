package example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.joran.util.ConfigurationWatchListUtil;
import io.github.d2l4j.ch03.SoftmaxRegressionConcise;
import io.github.d2l4j.common.data.DataIters;
import io.github.d2l4j.common.data.FashionMnist;
import io.github.d2l4j.common.model.Dl4jNet;
import io.github.d2l4j.common.train.TrainCh3;
import java.net.URL;
import java.nio.file.Path;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Loads Fashion-MNIST through the public API and trains 3.7's network for one epoch. */
class ConsumerTest {

    @Test
    void oneEpochOfSoftmaxRegressionThroughThePublicApi() {
        DataIters data = FashionMnist.loadDataFashionMnist(256, 42L);
        MultiLayerNetwork net = SoftmaxRegressionConcise.net(0.1, 42L);
        TrainCh3.Result r = TrainCh3.trainCh3(
                new Dl4jNet(net), data.train(), data.test(), 1, Path.of("target", "consumer-train.png"));
        double testAcc = r.last().testAcc();
        System.out.printf(
                "consumer: train loss %.3f, train acc %.3f, test acc %.3f%n",
                r.last().trainLoss(), r.last().trainAcc(), testAcc);
        assertTrue(testAcc >= 0.75, "test accuracy " + testAcc + " < 0.75");
    }

    /** d2l4j's log lines go where this project's own logging configuration sends them. */
    @Test
    void theImportingProjectsLoggingConfigurationIsTheOneUsed() throws Exception {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        URL config = ConfigurationWatchListUtil.getMainWatchURL(context);
        assertTrue(config.getPath().endsWith("/test-classes/logback-test.xml"), "logging configured by " + config);
        assertFalse(
                getClass().getClassLoader().getResources("logback.xml").hasMoreElements(),
                "a logback.xml on the class path, shipped by a dependency");
        assertEquals(
                ch.qos.logback.classic.Level.ERROR,
                context.getLogger("org.nd4j").getLevel());
    }
}
