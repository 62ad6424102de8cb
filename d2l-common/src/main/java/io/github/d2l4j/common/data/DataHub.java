package io.github.d2l4j.common.data;

import io.github.d2l4j.common.io.Reasons;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The book's {@code DATA_HUB}: data files by name, each with its URL and SHA-1. {@link
 * #download} returns the cached copy when its checksum matches, and otherwise downloads, verifies
 * and atomically writes it into the cache ({@code ~/.d2l/data}, or {@code -Dd2l.cache} / {@code
 * D2L_CACHE}).
 *
 * <p><b>A local mirror.</b> {@code -Dd2l.hub=DIR_OR_URL} or the environment variable {@code
 * D2L_HUB} replaces the hub's base address {@link #DATA_URL}: a directory (such as a copy of the
 * hub's files on a machine without internet access) or a URL ({@code http:}, {@code https:} or
 * {@code file:}). Only the address changes: the file is still fetched, checked against the book's
 * SHA-1 and renamed into the cache.
 *
 * <p>Defined in D2L §4.10.
 */
public final class DataHub {
    private static final Logger LOG = LoggerFactory.getLogger(DataHub.class);

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
        register(
                "kaggle_house_train",
                DATA_URL + "kaggle_house_pred_train.csv",
                "585e9cc93e70b39160e7921475f9bcd7d31219ce");
        register(
                "kaggle_house_test",
                DATA_URL + "kaggle_house_pred_test.csv",
                "fa19780a7b011d9b009e8bff8e99922a8ee2eb90");
        register("time_machine", DATA_URL + "timemachine.txt", "090b5e7e70c295757f55df93cb0a180b9691891a"); // §8.2
        register("airfoil", DATA_URL + "airfoil_self_noise.dat", "76e5be1548fd8222e5074cf0faae75edff8cf93f"); // §11.5
        register("fra-eng", DATA_URL + "fra-eng.zip", "94646ad1522d915e7b0f9296181140edcf86a4f5"); // §9.5
        register("ptb", DATA_URL + "ptb.zip", "319d85e578af0cdc590547f26231e4e31cdf1e42"); // §14.3
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
     * @throws DataUnavailableException naming the file, the URL and how to provide it by hand
     */
    public static Path download(String name, Path cacheDir) {
        Entry e = entry(name);
        Path target = cacheDir.resolve(e.fileName());
        URI source = mirrored(e.url(), hubBase());
        String cached = null; // the SHA-1 of a cached copy that fails verification
        try {
            if (Files.isRegularFile(target)) {
                String actual = sha1(target);
                if (actual.equals(e.sha1())) {
                    return target;
                }
                cached = actual;
                LOG.warn("{} is there but its SHA-1 is {}, not {}: downloading it again", target, actual, e.sha1());
            }
            return Download.fetch(source, target, "SHA-1", e.sha1());
        } catch (IOException ex) {
            String stale = cached == null
                    ? ""
                    : String.format(
                            " %s is there, but with the wrong checksum (SHA-1 %s, expected %s): delete it, or let"
                                    + " the download replace it once %s can be reached.",
                            target, cached, e.sha1(), source);
            throw new DataUnavailableException(
                    String.format(
                            "cannot get '%s': %s.%s Download %s by hand and put it at %s (its SHA-1 must be %s),"
                                    + " or point -Dd2l.hub / D2L_HUB at a directory or URL that holds %s",
                            name, Reasons.describe(ex), stale, e.url(), target, e.sha1(), e.fileName()),
                    ex);
        }
    }

    /**
     * The hub's base address: {@code -Dd2l.hub} / {@code D2L_HUB} if set (a URL or a directory),
     * else {@link #DATA_URL}.
     *
     * @throws SettingException naming the setting, for a value that is neither
     */
    public static URI hubBase() {
        return Settings.baseUrl("d2l.hub", "D2L_HUB", true).orElse(URI.create(DATA_URL));
    }

    /** {@code url} with the book's base address replaced by {@code base}; other URLs as they are. */
    static URI mirrored(URI url, URI base) {
        String u = url.toString();
        return u.startsWith(DATA_URL) ? base.resolve(u.substring(DATA_URL.length())) : url;
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
