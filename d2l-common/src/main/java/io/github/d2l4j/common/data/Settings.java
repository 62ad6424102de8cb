package io.github.d2l4j.common.data;

import java.nio.file.Path;
import java.util.Optional;

/** The user's data settings: a system property, else an environment variable. */
final class Settings {
    private Settings() {}

    static Optional<String> get(String property, String env) {
        String v = System.getProperty(property);
        if (v == null || v.isBlank()) {
            v = System.getenv(env);
        }
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v);
    }

    /** The cache root: {@code -Dd2l.cache}, else {@code D2L_CACHE}, else {@code ~/.d2l/data}. */
    static Path cacheRoot() {
        return get("d2l.cache", "D2L_CACHE")
                .map(Path::of)
                .orElse(Path.of(System.getProperty("user.home"), ".d2l", "data"));
    }
}
