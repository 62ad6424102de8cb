package io.github.d2l4j.common.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.github.d2l4j.common.testing.IdxFixtures;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FashionMnistFilesTest {
    @TempDir
    Path tmp;

    HttpServer server;
    URI base;
    final byte[] payload = "fashion".repeat(1000).getBytes(StandardCharsets.US_ASCII);

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/good.gz", ex -> {
            ex.sendResponseHeaders(200, payload.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(payload);
            }
        });
        server.createContext("/cut.gz", ex -> {
            ex.sendResponseHeaders(200, payload.length); // promise everything, send half
            OutputStream out = ex.getResponseBody();
            out.write(payload, 0, payload.length / 2);
            out.flush();
            ex.getHttpContext().getServer(); // then drop the connection
            ex.close();
        });
        server.start();
        base = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private FashionMnistFiles.Sources sources(Path user) {
        return new FashionMnistFiles.Sources(user, tmp.resolve("cache"), tmp.resolve("debian"), null);
    }

    @Test
    void userDirectoryComesFirst() throws IOException {
        IdxFixtures.writeFashionMnist(tmp.resolve("user"), 10, 10, false, 1);
        IdxFixtures.writeFashionMnist(tmp.resolve("cache"), 10, 10, true, 1);
        IdxFixtures.writeFashionMnist(tmp.resolve("debian"), 10, 10, true, 1);
        assertThat(FashionMnistFiles.resolve(sources(tmp.resolve("user")))).isEqualTo(tmp.resolve("user"));
    }

    @Test
    void cacheBeforeDebian() throws IOException {
        IdxFixtures.writeFashionMnist(tmp.resolve("cache"), 10, 10, true, 1);
        IdxFixtures.writeFashionMnist(tmp.resolve("debian"), 10, 10, true, 1);
        assertThat(FashionMnistFiles.resolve(sources(null))).isEqualTo(tmp.resolve("cache"));
    }

    @Test
    void anIncompleteCacheFallsThroughToDebian() throws IOException {
        IdxFixtures.writeFashionMnist(tmp.resolve("cache"), 10, 10, false, 1);
        Files.delete(tmp.resolve("cache").resolve("t10k-labels-idx1-ubyte"));
        IdxFixtures.writeFashionMnist(tmp.resolve("debian"), 10, 10, true, 1);
        assertThat(FashionMnistFiles.resolve(sources(null))).isEqualTo(tmp.resolve("debian"));
    }

    /** A directory the user names is the one used: an incomplete one is an error, not a fallback. */
    @Test
    void anIncompleteUserDirectoryIsAnErrorNamingTheMissingFiles() throws IOException {
        IdxFixtures.writeFashionMnist(tmp.resolve("user"), 10, 10, false, 1);
        Files.delete(tmp.resolve("user").resolve("t10k-labels-idx1-ubyte"));
        IdxFixtures.writeFashionMnist(tmp.resolve("debian"), 10, 10, true, 1);
        assertThatThrownBy(() -> FashionMnistFiles.resolve(sources(tmp.resolve("user"))))
                .isInstanceOf(DataUnavailableException.class)
                .hasMessageContaining("D2L_DATA = " + tmp.resolve("user"))
                .hasMessageContaining("missing t10k-labels-idx1-ubyte");
        Files.createDirectories(tmp.resolve("empty"));
        assertThatThrownBy(() -> FashionMnistFiles.resolve(sources(tmp.resolve("empty"))))
                .isInstanceOf(DataUnavailableException.class)
                .hasMessageContaining("missing train-images-idx3-ubyte, train-labels-idx1-ubyte");
    }

    @Test
    void aSplitWithNoExamplesIsADataErrorNamingTheFile() throws IOException {
        IdxFixtures.writeFashionMnist(tmp.resolve("zero"), 0, 0, false, 1);
        assertThatThrownBy(() -> FashionMnist.load(tmp.resolve("zero"), true))
                .isInstanceOf(DataUnavailableException.class)
                .hasMessageContaining(
                        tmp.resolve("zero").resolve("train-images-idx3-ubyte").toString())
                .hasMessageContaining("no images");
    }

    @Test
    void aBadMirrorSettingNamesTheVariable() {
        System.setProperty("d2l.fashionMnist.mirror", "ftp://example.org/fashion/");
        try {
            assertThatThrownBy(FashionMnistFiles.Sources::defaults)
                    .isInstanceOf(SettingException.class)
                    .hasMessage("-Dd2l.fashionMnist.mirror / D2L_FASHION_MNIST_MIRROR: unsupported scheme 'ftp:'"
                            + " in 'ftp://example.org/fashion/' (give an http:, https: or file: URL)");
            System.setProperty("d2l.fashionMnist.mirror", "http://exa mple.org/");
            assertThatThrownBy(FashionMnistFiles.Sources::defaults)
                    .isInstanceOf(SettingException.class)
                    .hasMessageStartingWith("-Dd2l.fashionMnist.mirror / D2L_FASHION_MNIST_MIRROR: not a valid URL");
            System.setProperty("d2l.fashionMnist.mirror", "fashion-mirror");
            assertThatThrownBy(FashionMnistFiles.Sources::defaults)
                    .hasMessageStartingWith("-Dd2l.fashionMnist.mirror / D2L_FASHION_MNIST_MIRROR: not a URL");
        } finally {
            System.clearProperty("d2l.fashionMnist.mirror");
        }
    }

    @Test
    void nothingFoundNamesEveryRemedy() {
        FashionMnistFiles.Sources s = new FashionMnistFiles.Sources(
                null, tmp.resolve("cache"), tmp.resolve("debian"), base.resolve("missing/"));
        assertThatThrownBy(() -> FashionMnistFiles.resolve(s))
                .isInstanceOf(DataUnavailableException.class)
                .hasMessageContaining("D2L_DATA")
                .hasMessageContaining(tmp.resolve("cache").toString())
                .hasMessageContaining("apt-get install dataset-fashion-mnist")
                .hasMessageContaining("HTTP 404")
                .hasMessageContaining("allow the download");
        assertThat(tmp.resolve("cache"))
                .satisfiesAnyOf(
                        p -> assertThat(p).doesNotExist(), p -> assertThat(p).isEmptyDirectory());
    }

    @Test
    void verifiedDownloadLandsAtomically() throws Exception {
        String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(payload));
        Path target = tmp.resolve("cache").resolve("good.gz");
        Download.fetch(base.resolve("good.gz"), target, "MD5", md5);
        assertThat(target).hasBinaryContent(payload);
        assertThat(listing(tmp.resolve("cache"))).containsExactly("good.gz");
    }

    @Test
    void checksumMismatchIsRejectedAndLeavesNothing() {
        Path target = tmp.resolve("cache").resolve("good.gz");
        assertThatThrownBy(() -> Download.fetch(base.resolve("good.gz"), target, "MD5", "0".repeat(32)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("checksum mismatch");
        assertThat(listing(tmp.resolve("cache"))).isEmpty();
    }

    @Test
    void interruptedTransferLeavesNothing() {
        Path target = tmp.resolve("cache").resolve("cut.gz");
        assertThatThrownBy(() -> Download.fetch(base.resolve("cut.gz"), target, "MD5", "0".repeat(32)))
                .isInstanceOf(IOException.class);
        assertThat(listing(tmp.resolve("cache"))).isEmpty();
    }

    private static java.util.List<String> listing(Path dir) {
        if (!Files.isDirectory(dir)) {
            return java.util.List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
