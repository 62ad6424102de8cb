package io.github.d2l4j.common.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The book's {@code DATA_HUB}: data files by name, each with its URL and SHA-1. {@link
 * #download} returns the cached copy when its checksum matches, and otherwise downloads, verifies
 * and atomically writes it into the cache ({@code ~/.d2l/data}, or {@code -Dd2l.cache} / {@code
 * D2L_CACHE}).
 *
 * <p>Defined in D2L §4.10.
 */
public final class DataHub {
    /** Where the book's data files live. */
    public static final String DATA_URL = "http://d2l-data.s3-accelerate.amazonaws.com/";

    /** A registered file. */
    public record Entry(URI url, String sha1) {
        public String fileName() {
            String path = url.getPath();
            return path.substring(path.lastIndexOf('/') + 1);
        }
    }

    private static final Map<String, Entry> HUB = new LinkedHashMap<>();

    static {
        register("kaggle_house_train", DATA_URL + "kaggle_house_pred_train.csv",
                "585e9cc93e70b39160e7921475f9bcd7d31219ce");
        register("kaggle_house_test", DATA_URL + "kaggle_house_pred_test.csv",
                "fa19780a7b011d9b009e8bff8e99922a8ee2eb90");
    }

    private DataHub() {}

    /** Adds or replaces an entry, as {@code DATA_HUB[name] = (url, sha1)}. */
    public static synchronized void register(String name, String url, String sha1) {
        HUB.put(name, new Entry(URI.create(url), sha1.toLowerCase()));
    }

    public static synchronized Entry entry(String name) {
        Entry e = HUB.get(name);
        if (e == null) {
            throw new IllegalArgumentException("no data set '" + name + "' in the hub; known: " + HUB.keySet());
        }
        return e;
    }

    /** The default cache directory. */
    public static Path cacheDir() {
        return Settings.cacheRoot();
    }

    /** {@link #download(String, Path)} into the default cache. */
    public static Path download(String name) {
        return download(name, cacheDir());
    }

    /**
     * The file registered as {@code name}, in {@code cacheDir}: the cached copy if its SHA-1
     * matches, else a fresh, verified download.
     *
     * @throws UncheckedIOException naming the file, the URL and how to provide it by hand
     */
    public static Path download(String name, Path cacheDir) {
        Entry e = entry(name);
        Path target = cacheDir.resolve(e.fileName());
        try {
            if (Files.isRegularFile(target) && sha1(target).equals(e.sha1())) {
                return target;
            }
            return Download.fetch(e.url(), target, "SHA-1", e.sha1());
        } catch (IOException ex) {
            throw new UncheckedIOException(String.format(
                    "cannot get '%s': %s. Download %s by hand and put it at %s (its SHA-1 must be %s)",
                    name, ex.getMessage(), e.url(), target, e.sha1()), ex);
        }
    }

    /** The SHA-1 of a file, in hex. */
    public static String sha1(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-1");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (java.security.NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
