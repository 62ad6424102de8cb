package io.github.d2l4j.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * README's "Using d2l4j as a library" gives a whole {@code pom.xml}. {@code mvn verify} builds
 * {@code integration-tests/src/it/consumer} from that block (its prebuild.groovy writes it over the
 * project's pom.xml), which proves that it compiles and runs as written; this test, in seconds,
 * keeps the consumer's own pom.xml, which the invoker needs to find the project, the same text, and
 * README's versions those this build makes and tests with.
 */
class ReadmeLibraryTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path CONSUMER_POM = ROOT.resolve("integration-tests/src/it/consumer/pom.xml");

    @Test
    void theConsumerProjectsPomIsReadmesPom() throws IOException {
        assertThat(Files.readString(CONSUMER_POM))
                .as(
                        "%s must be README.md's \"<!-- consumer: pom.xml -->\" block, as written",
                        ROOT.relativize(CONSUMER_POM))
                .isEqualTo(readmePom());
    }

    @Test
    void readmesPomUsesTheVersionsThisBuildUses() throws IOException {
        String readme = readmePom();
        String parent = Files.readString(ROOT.resolve("pom.xml"));
        String version = group(parent, "<artifactId>d2l4j-parent</artifactId>\\s*<version>([^<]+)</version>");
        assertThat(versionOf(readme, "d2l-common"))
                .as("README's d2l-common version")
                .isEqualTo(version);
        assertThat(versionOf(readme, "ch03-linear-networks"))
                .as("README's ch03-linear-networks version")
                .isEqualTo(version);
        assertThat(versionOf(readme, "logback-classic"))
                .as("README's logback-classic version, the parent's logback.version")
                .isEqualTo(group(parent, "<logback\\.version>([^<]+)</logback\\.version>"));
        assertThat(versionOf(readme, "junit-jupiter"))
                .as("README's junit-jupiter version, the parent's junit.version")
                .isEqualTo(group(parent, "<junit\\.version>([^<]+)</junit\\.version>"));
        for (String plugin : new String[] {"maven-compiler-plugin", "maven-surefire-plugin"}) {
            assertThat(versionOf(readme, plugin))
                    .as("README's %s version, the parent's", plugin)
                    .isEqualTo(versionOf(parent, plugin));
        }
    }

    /** README's POM block, without the fences. */
    static String readmePom() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        Matcher m = Pattern.compile("(?s)<!-- consumer: pom\\.xml -->\\s*```xml\n(.*?)```")
                .matcher(readme);
        assertThat(m.find())
                .as("README.md has no \"<!-- consumer: pom.xml -->\" line followed by an xml block")
                .isTrue();
        return m.group(1);
    }

    private static String versionOf(String pom, String artifactId) {
        return group(pom, "<artifactId>" + Pattern.quote(artifactId) + "</artifactId>\\s*<version>([^<]+)</version>");
    }

    private static String group(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertThat(m.find()).as("nothing in the POM matches %s", regex).isTrue();
        return m.group(1);
    }
}
