package io.github.d2l4j.common.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataHubTest {
    @TempDir
    Path cache;

    HttpServer server;
    String base;
    final AtomicInteger requests = new AtomicInteger();
    final byte[] csv = "Id,SalePrice\n1,100000\n".getBytes(StandardCharsets.UTF_8);

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/house.csv", ex -> {
            requests.incrementAndGet();
            ex.sendResponseHeaders(200, csv.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(csv);
            }
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void downloadsVerifiesAndThenUsesTheCache() throws Exception {
        String sha1 =
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(csv));
        DataHub.register("test_house", base + "house.csv", sha1);
        Path first = DataHub.download("test_house", cache);
        assertThat(first).hasBinaryContent(csv).hasFileName("house.csv");
        Path second = DataHub.download("test_house", cache);
        assertThat(second).isEqualTo(first);
        assertThat(requests).hasValue(1); // the verified copy was reused
    }

    @Test
    void aWrongChecksumIsRejectedWithTheRemedy() {
        DataHub.register("test_bad", base + "house.csv", "0".repeat(40));
        assertThatThrownBy(() -> DataHub.download("test_bad", cache))
                .hasMessageContaining("checksum mismatch")
                .hasMessageContaining("by hand");
        try (var files = Files.list(cache)) {
            assertThat(files).isEmpty();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A cached copy that fails verification: the error says so, with both checksums. */
    @Test
    void aCachedFileWithTheWrongChecksumIsNamedWithBothChecksums() throws Exception {
        String sha1 =
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(csv));
        DataHub.register("test_stale", "http://127.0.0.1:1/house-stale.csv", sha1); // nothing listens on port 1
        Path stale = Files.writeString(cache.resolve("house-stale.csv"), "Id,SalePrice\n");
        String staleSha1 = DataHub.sha1(stale);
        assertThatThrownBy(() -> DataHub.download("test_stale", cache))
                .isInstanceOf(DataUnavailableException.class)
                .hasMessageContaining(stale + " is there, but with the wrong checksum (SHA-1 " + staleSha1
                        + ", expected " + sha1 + "): delete it, or let the download replace it");
        assertThat(stale).hasContent("Id,SalePrice\n"); // a failed download leaves it as it was
    }

    /** A local mirror of the hub, as a directory: the same fetch, verification and cache. */
    @Test
    void aMirrorDirectoryReplacesTheHubsAddress() throws Exception {
        Path mirror = Files.createDirectories(cache.resolveSibling(cache.getFileName() + "-mirror"));
        Files.write(mirror.resolve("house-mirror.csv"), csv);
        String sha1 =
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(csv));
        DataHub.register("test_mirror", DataHub.DATA_URL + "house-mirror.csv", sha1);
        System.setProperty("d2l.hub", mirror.toString());
        try {
            assertThat(DataHub.hubBase()).isEqualTo(mirror.toUri());
            assertThat(DataHub.download("test_mirror", cache)).hasBinaryContent(csv);
            System.setProperty("d2l.hub", "ftp://mirror.example/");
            assertThatThrownBy(DataHub::hubBase)
                    .isInstanceOf(SettingException.class)
                    .hasMessageStartingWith("-Dd2l.hub / D2L_HUB: unsupported scheme 'ftp:'");
        } finally {
            System.clearProperty("d2l.hub");
        }
        assertThat(DataHub.mirrored(URI.create("http://elsewhere.org/x.csv"), mirror.toUri()))
                .isEqualTo(URI.create("http://elsewhere.org/x.csv"));
    }

    /** A mirror that refuses the connection is there but not serving: network access is not it. */
    @Test
    void aRefusedConnectionSaysTheServerRefusedIt() throws Exception {
        int port;
        try (java.net.ServerSocket closed = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = closed.getLocalPort(); // free again once closed: nothing listens there
        }
        DataHub.register("test_refused", DataHub.DATA_URL + "house.csv", "0".repeat(40));
        System.setProperty("d2l.hub", "http://127.0.0.1:" + port + "/");
        try {
            assertThatThrownBy(() -> DataHub.download("test_refused", cache))
                    .isInstanceOf(DataUnavailableException.class)
                    .hasMessageContaining("http://127.0.0.1:" + port + "/house.csv: the server at 127.0.0.1:" + port
                            + " refused the connection (is it running, and is the address right?).")
                    .hasMessageNotContaining("network access");
        } finally {
            System.clearProperty("d2l.hub");
        }
    }

    /** D2L_CACHE naming a file is a bad setting, said as such, not a download failure. */
    @Test
    void aCacheSettingThatNamesAFileIsABadSetting() throws Exception {
        Path file = Files.writeString(cache.resolve("a-file"), "x");
        System.setProperty("d2l.cache", file.toString());
        try {
            assertThatThrownBy(DataHub::cacheDir)
                    .isInstanceOf(SettingException.class)
                    .hasMessage("-Dd2l.cache / D2L_CACHE = " + file + ": not a directory (give a directory for the"
                            + " downloaded data, or unset it to use ~/.d2l/data)");
            System.setProperty("d2l.cache", file.resolve("sub").toString());
            assertThatThrownBy(DataHub::cacheDir).hasMessageContaining(": " + file + " is not a directory");
            System.setProperty("d2l.cache", cache.resolve("new").toString());
            assertThat(DataHub.cacheDir()).isEqualTo(cache.resolve("new")); // made when something is cached
        } finally {
            System.clearProperty("d2l.cache");
        }
    }

    @Test
    void unknownNamesAndTheBooksEntries() {
        assertThatThrownBy(() -> DataHub.entry("nope")).hasMessageContaining("no data set 'nope'");
        assertThat(DataHub.entry("kaggle_house_train").sha1()).isEqualTo("585e9cc93e70b39160e7921475f9bcd7d31219ce");
        assertThat(DataHub.entry("kaggle_house_test").fileName()).isEqualTo("kaggle_house_pred_test.csv");
    }
}
