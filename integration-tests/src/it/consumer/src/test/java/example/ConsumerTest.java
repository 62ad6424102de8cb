package example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.joran.util.ConfigurationWatchListUtil;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Runs README's TrainSoftmax.java, copied in by prebuild.groovy, as a reader's own program. */
class ConsumerTest {

    @Test
    void theReadmeProgramTrainsToTheBooksAccuracy() throws Exception {
        PrintStream stdout = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            // TrainSoftmax is in the default package, as README writes it: reach it by name
            Class.forName("TrainSoftmax").getMethod("main", String[].class).invoke(null, (Object) new String[0]);
        } finally {
            System.setOut(stdout);
        }
        String out = captured.toString(StandardCharsets.UTF_8);
        System.out.print(out);
        Matcher acc = Pattern.compile("result section=3\\.7 epochs=10 .*test_acc=([0-9.]+)")
                .matcher(out);
        assertTrue(acc.find(), "no result line in: " + out);
        double testAcc = Double.parseDouble(acc.group(1));
        assertTrue(testAcc >= 0.8, "test accuracy " + testAcc + " < 0.8");
    }

    /** The project's .mvn/maven.config, -Djavacpp.platform=linux-x86_64, kept the other natives out. */
    @Test
    void onlyThisPlatformsNativesAreOnTheClassPath() {
        String cp = System.getProperty("java.class.path");
        assertTrue(cp.contains("linux-x86_64"), cp);
        for (String other : new String[] {"windows-x86_64", "macosx-", "linux-arm64", "linux-ppc64le"}) {
            assertFalse(cp.contains(other), other + " natives on the class path: " + cp);
        }
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
