package io.github.d2l4j.common.data;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
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

    /**
     * A base URL the user gave as {@code -Dproperty} or {@code ENV}: an http, https or file URL,
     * with a trailing slash added; or, when {@code directories} is true, a directory path.
     *
     * @throws SettingException naming the setting, for anything else
     */
    static Optional<URI> baseUrl(String property, String env, boolean directories) {
        return get(property, env).map(value -> {
            String what = "-D" + property + " / " + env;
            String accepts = directories
                    ? " (give an http:, https: or file: URL, or a directory)"
                    : " (give an http:, https: or file: URL)";
            URI uri;
            if (value.matches("(?i)[a-z][a-z0-9+.-]*:.*") && !value.matches("(?i)[a-z]:\\\\.*")) {
                try {
                    uri = new URI(value);
                } catch (URISyntaxException e) {
                    throw new SettingException(what + ": not a valid URL: '" + value + "'" + accepts);
                }
                String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
                if (!scheme.equals("http") && !scheme.equals("https") && !scheme.equals("file")) {
                    throw new SettingException(
                            what + ": unsupported scheme '" + scheme + ":' in '" + value + "'" + accepts);
                }
                if (!scheme.equals("file") && uri.getHost() == null) {
                    throw new SettingException(what + ": no host in '" + value + "'" + accepts);
                }
            } else if (directories) {
                uri = Path.of(value).toAbsolutePath().normalize().toUri();
            } else {
                throw new SettingException(what + ": not a URL: '" + value + "'" + accepts);
            }
            String text = uri.toString();
            return text.endsWith("/") ? uri : URI.create(text + "/");
        });
    }

    /**
     * The cache root: {@code -Dd2l.cache}, else {@code D2L_CACHE}, else {@code ~/.d2l/data}.
     *
     * @throws SettingException for a setting that names a file, or a path under one: no download
     *     could go there
     */
    static Path cacheRoot() {
        return get("d2l.cache", "D2L_CACHE")
                .map(Settings::cacheDirectory)
                .orElse(Path.of(System.getProperty("user.home"), ".d2l", "data"));
    }

    private static Path cacheDirectory(String value) {
        Path dir = Path.of(value);
        for (Path p = dir.toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.exists(p)) {
                if (!Files.isDirectory(p)) {
                    String what = p.equals(dir.toAbsolutePath()) ? "not a directory" : p + " is not a directory";
                    throw new SettingException("-Dd2l.cache / D2L_CACHE = " + value + ": " + what
                            + " (give a directory for the downloaded data, or unset it to use ~/.d2l/data)");
                }
                break;
            }
        }
        return dir;
    }
}
