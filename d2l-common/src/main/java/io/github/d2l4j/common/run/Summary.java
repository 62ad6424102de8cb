package io.github.d2l4j.common.run;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Builds the summary line {@code result section=ID key=value ...}: numbers in plain or
 * scientific notation with four significant digits at most, paths and words as they are.
 */
public final class Summary {
    private final Map<String, String> fields = new LinkedHashMap<>();

    private Summary(String section) {
        fields.put("section", section);
    }

    public static Summary of(String section) {
        return new Summary(section);
    }

    public Summary add(String key, Object value) {
        if (key.contains(" ") || key.contains("=")) {
            throw new IllegalArgumentException("summary keys are single words: '" + key + "'");
        }
        fields.put(key, format(value));
        return this;
    }

    static String format(Object value) {
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            return d != 0 && (Math.abs(d) < 0.01 || Math.abs(d) >= 1e6) ? String.format(Locale.ROOT, "%.3e", d)
                    : String.format(Locale.ROOT, "%.4f", d);
        }
        return String.valueOf(value).replace(' ', '_');
    }

    /** Parses a summary line back into its fields; tests use it to check what was printed. */
    public static Map<String, String> parse(String line) {
        if (!line.startsWith("result ")) {
            throw new IllegalArgumentException("not a summary line: " + line);
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (String kv : line.substring("result ".length()).trim().split(" ")) {
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("malformed field '" + kv + "' in: " + line);
            }
            out.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        return out;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("result");
        fields.forEach((k, v) -> sb.append(' ').append(k).append('=').append(v));
        return sb.toString();
    }
}
