package io.github.d2l4j.common.data;

import io.github.d2l4j.common.io.AtomicFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLConnection;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verified, atomic downloads: the book's {@code d2l.download}. The bytes go to a temporary file
 * beside the target ({@link AtomicFile}), their checksum is checked, and only then is the file
 * renamed into place. A failed or interrupted transfer leaves nothing behind.
 */
public final class Download {
    private static final Logger LOG = LoggerFactory.getLogger(Download.class);
    private static final int TIMEOUT_MS = 30_000;

    private Download() {}

    /**
     * Downloads {@code url} to {@code target} and checks its digest.
     *
     * @param algorithm a {@link MessageDigest} name: "MD5" for Fashion-MNIST's published sums,
     *     "SHA-1" for the book's data hub
     * @param expectedHex the expected digest, in hex
     * @throws IOException if the transfer fails, is cut short, or the digest differs; the target
     *     is then untouched
     */
    public static Path fetch(URI url, Path target, String algorithm, String expectedHex) throws IOException {
        AtomicFile.write(target, out -> {
            String actual;
            try {
                actual = transfer(url, out, algorithm);
            } catch (java.net.UnknownHostException e) {
                throw new IOException(url + ": unknown host " + url.getHost() + " (is there network access?)", e);
            } catch (java.net.ConnectException e) {
                throw new IOException(url + ": " + refused(url, e), e);
            } catch (java.net.SocketTimeoutException e) {
                throw new IOException(
                        url + ": no answer within " + TIMEOUT_MS / 1000 + " s (is there network access?)", e);
            }
            if (!actual.equalsIgnoreCase(expectedHex)) { // throwing here leaves the target untouched
                throw new IOException(String.format(
                        "%s: %s checksum mismatch: expected %s, got %s", url, algorithm, expectedHex, actual));
            }
        });
        LOG.info("downloaded {} ({} verified)", target, algorithm);
        return target;
    }

    /**
     * Why a connection failed: a server that refuses it is there but not serving (a mirror not
     * started, a wrong port), which network access would not change.
     */
    static String refused(URI url, java.net.ConnectException e) {
        String message = String.valueOf(e.getMessage());
        if (message.startsWith("Connection refused")) {
            return "the server at " + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort())
                    + " refused the connection (is it running, and is the address right?)";
        }
        return "cannot connect (" + message + "; is there network access?)";
    }

    private static String transfer(URI url, OutputStream out, String algorithm) throws IOException {
        // http(s) for the real hub and mirrors, file: for a local copy of them
        URLConnection conn = url.toURL().openConnection();
        conn.setConnectTimeout(TIMEOUT_MS);
        conn.setReadTimeout(TIMEOUT_MS);
        try {
            if (conn instanceof HttpURLConnection http && http.getResponseCode() != HttpURLConnection.HTTP_OK) {
                throw new IOException(url + ": HTTP " + http.getResponseCode());
            }
            long expectedLength = conn.getContentLengthLong();
            MessageDigest digest = messageDigest(algorithm);
            long copied;
            try (InputStream in = new DigestInputStream(conn.getInputStream(), digest);
                    ProgressBar bar = progressBar(target(url), expectedLength)) {
                copied = copy(in, out, bar);
            } catch (java.io.FileNotFoundException e) {
                throw new IOException(url + ": no such file", e);
            }
            if (expectedLength >= 0 && copied != expectedLength) {
                throw new IOException(
                        url + ": transfer interrupted after " + copied + " of " + expectedLength + " bytes");
            }
            return HexFormat.of().formatHex(digest.digest());
        } finally {
            if (conn instanceof HttpURLConnection http) {
                http.disconnect();
            }
        }
    }

    private static long copy(InputStream in, OutputStream out, ProgressBar bar) throws IOException {
        byte[] buffer = new byte[1 << 16];
        long total = 0;
        for (int n; (n = in.read(buffer)) > 0; ) {
            out.write(buffer, 0, n);
            total += n;
            if (bar != null) {
                bar.stepBy(n);
            }
        }
        return total;
    }

    private static String target(URI url) {
        String path = url.getPath();
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** A progress bar in a terminal; null (plain log lines only) elsewhere, such as CI. */
    private static ProgressBar progressBar(String name, long length) {
        if (System.console() == null) {
            LOG.info("downloading {} ({} bytes)", name, length);
            return null;
        }
        return new ProgressBarBuilder()
                .setTaskName(name)
                .setInitialMax(length)
                .setUnit(" MB", 1 << 20)
                .build();
    }

    private static MessageDigest messageDigest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalArgumentException("unknown digest " + algorithm, e);
        }
    }
}
