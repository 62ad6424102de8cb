package example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.joran.util.ConfigurationWatchListUtil;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Runs README's TrainSoftmax.java as a reader's own program, built by README's pom.xml and logging
 * through README's logback.xml: prebuild.groovy copies all three in.
 */
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

    /** d2l4j's log lines go where this project's own logging configuration (README's logback.xml) sends them. */
    @Test
    void theImportingProjectsLoggingConfigurationIsTheOneUsed() throws Exception {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        URL config = ConfigurationWatchListUtil.getMainWatchURL(context);
        assertTrue(config.getPath().endsWith("/target/classes/logback.xml"), "logging configured by " + config);
        List<URL> all = Collections.list(getClass().getClassLoader().getResources("logback.xml"));
        assertEquals(List.of(config), all, "the logback.xml files on the class path (a dependency ships one?)");
        assertEquals(Level.WARN, context.getLogger("org.nd4j").getEffectiveLevel());
        assertEquals(Level.INFO, context.getLogger("io.github.d2l4j").getEffectiveLevel());
    }
}
