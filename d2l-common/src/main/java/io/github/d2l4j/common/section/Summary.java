package io.github.d2l4j.common.section;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The fields of the summary line {@code result section=ID key=value ...}: numbers in plain or
 * scientific notation with four significant digits at most, paths and words as they are. A value
 * with a space, a tab, a double quote or a backslash in it is written in double quotes, with
 * {@code \"} and {@code \\} inside, so that it stands exactly as it is (a plot path with spaces
 * reads {@code plot="my plots/3.7-train.png"}); {@link #parse} undoes it. A section's result gives
 * the fields; the runner, which knows the section, prints the line.
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
        String text = String.valueOf(value);
        if (text.isEmpty() || text.chars().anyMatch(c -> c == ' ' || c == '\t' || c == '"' || c == '\\')) {
            return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
        }
        return text;
    }

    /** Parses a summary line back into its fields, unquoting quoted values; tests use it. */
    public static Map<String, String> parse(String line) {
        if (!line.startsWith("result ")) {
            throw new IllegalArgumentException("not a summary line: " + line);
        }
        Map<String, String> out = new LinkedHashMap<>();
        int i = "result ".length();
        while (i < line.length()) {
            int eq = line.indexOf('=', i);
            if (eq <= i || line.substring(i, eq).contains(" ")) {
                throw new IllegalArgumentException("malformed field at " + i + " in: " + line);
            }
            String key = line.substring(i, eq);
            StringBuilder value = new StringBuilder();
            int j = eq + 1;
            if (j < line.length() && line.charAt(j) == '"') {
                for (j++; j < line.length() && line.charAt(j) != '"'; j++) {
                    value.append(line.charAt(j) == '\\' ? line.charAt(++j) : line.charAt(j));
                }
                if (j >= line.length()) {
                    throw new IllegalArgumentException("unterminated quote in: " + line);
                }
                j++;
            } else {
                for (; j < line.length() && line.charAt(j) != ' '; j++) {
                    value.append(line.charAt(j));
                }
            }
            out.put(key, value.toString());
            i = j + 1;
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
