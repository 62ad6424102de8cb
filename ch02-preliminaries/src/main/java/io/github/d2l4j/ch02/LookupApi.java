package io.github.d2l4j.ch02;

import io.github.d2l4j.common.section.BookSection;
import io.github.d2l4j.common.section.RunOptions;
import io.github.d2l4j.common.section.SectionResult;
import io.github.d2l4j.common.section.Summary;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import org.nd4j.autodiff.samediff.ops.SDRandom;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How to look things up in Java. Python's {@code dir(module)} becomes reflection over a class:
 * here the random distributions of SameDiff's {@code sd.random()} namespace, the counterpart of
 * {@code torch.distributions}. Python's {@code help(torch.ones)} becomes the method's signatures
 * plus its Javadoc, which an IDE shows on hover and javadoc.io hosts for every release.
 *
 * <p>D2L 2.7, Documentation.
 */
@BookSection(id = "2.7", title = "Documentation", page = "https://zh.d2l.ai/chapter_preliminaries/lookup-api.html")
public final class LookupApi {
    private static final Logger LOG = LoggerFactory.getLogger(LookupApi.class);

    /** Where ND4J's API documentation for this release lives. */
    public static final String JAVADOC = "https://javadoc.io/doc/org.nd4j/nd4j-api/1.0.0-M2.1/";

    public record Config() {
        public static Config from(RunOptions o) {
            return new Config();
        }
    }

    public record Result(List<String> distributions, List<String> onesSignatures) implements SectionResult {
        @Override
        public Summary summary() {
            return Summary.of().add("distributions", distributions.size()).add("ones_overloads", onesSignatures.size());
        }
    }

    public static Result run(Config c) {
        List<String> distributions = publicMethodNames(SDRandom.class);
        LOG.info("dir(sd.random()) = {}", distributions);
        List<String> ones = signatures(Nd4j.class, "ones");
        LOG.info("help(Nd4j.ones):\n  {}", String.join("\n  ", ones));
        LOG.info("full documentation: {}org/nd4j/linalg/factory/Nd4j.html", JAVADOC);
        return new Result(distributions, ones);
    }

    /** The public methods a class declares, by name, sorted: Java's {@code dir()}. */
    public static List<String> publicMethodNames(Class<?> type) {
        return Arrays.stream(type.getDeclaredMethods())
                .filter(m -> Modifier.isPublic(m.getModifiers()))
                .map(Method::getName)
                .distinct()
                .sorted()
                .toList();
    }

    /** The public signatures of one method name, sorted. */
    public static List<String> signatures(Class<?> type, String name) {
        List<String> out = Arrays.stream(type.getMethods())
                .filter(m -> m.getName().equals(name))
                .map(m -> m.toGenericString()
                        .replace("org.nd4j.linalg.api.ndarray.", "")
                        .replace("org.nd4j.linalg.api.buffer.", "")
                        .replace("java.lang.", ""))
                .sorted()
                .toList();
        if (out.isEmpty()) {
            throw new IllegalArgumentException(type.getSimpleName() + " has no public method '" + name + "'");
        }
        return out;
    }
}
