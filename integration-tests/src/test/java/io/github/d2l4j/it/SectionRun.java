package io.github.d2l4j.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.d2l4j.common.section.SectionResult;
import io.github.d2l4j.common.section.Summary;
import io.github.d2l4j.runner.Runner;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs a section exactly as {@code ./d2l run} does and keeps both what it printed and the result
 * behind it.
 */
record SectionRun(SectionResult result, Map<String, String> summary, double seconds) {

    static SectionRun of(String... args) {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        AtomicReference<SectionResult> result = new AtomicReference<>();
        long start = System.nanoTime();
        int status = Runner.execute(
                args,
                new PrintStream(stdout, true, StandardCharsets.UTF_8),
                new PrintStream(stderr, true, StandardCharsets.UTF_8),
                result::set);
        double seconds = (System.nanoTime() - start) / 1e9;
        assertThat(status)
                .as("exit status of %s: %s", Arrays.toString(args), stderr)
                .isZero();
        List<String> lines =
                stdout.toString(StandardCharsets.UTF_8).strip().lines().toList();
        assertThat(lines.get(0)).as("the section's page, printed first").contains("https://zh.d2l.ai/");
        String line = lines.get(lines.size() - 1);
        System.out.println(line + "   (wall " + String.format("%.1f", seconds) + " s)");
        return new SectionRun(result.get(), Summary.parse(line), seconds);
    }

    double printed(String key) {
        assertThat(summary).containsKey(key);
        return Double.parseDouble(summary.get(key));
    }
}
