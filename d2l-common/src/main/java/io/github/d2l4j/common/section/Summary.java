package io.github.d2l4j.common.section;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The fields of the summary line {@code result section=ID key=value ...}: numbers in plain or
 * scientific notation with four significant digits at most, paths and words as they are. A
 * section's result gives the fields; the runner, which knows the section, prints the line.
 */
public final class Summary {
    private final Map<String, String> fields = new LinkedHashMap<>();

    private Summary() {}

    /** No fields yet. */
    public static Summary of() {
        return new Summary();
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
            return d != 0 && (Math.abs(d) < 0.01 || Math.abs(d) >= 1e6)
                    ? String.format(Locale.ROOT, "%.3e", d)
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

    /** The line that ends a run of section {@code id}: {@code result section=ID key=value ...}. */
    public String line(String id) {
        StringBuilder sb = new StringBuilder("result section=").append(id);
        fields.forEach((k, v) -> sb.append(' ').append(k).append('=').append(v));
        return sb.toString();
    }

    /** The fields alone, {@code key=value ...}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        fields.forEach((k, v) ->
                sb.append(sb.length() == 0 ? "" : " ").append(k).append('=').append(v));
        return sb.toString();
    }
}
