package io.github.d2l4j.common.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.github.d2l4j.common.data.MachineTranslation.Batch;
import io.github.d2l4j.common.data.MachineTranslation.NmtArray;
import io.github.d2l4j.common.data.MachineTranslation.NmtData;
import io.github.d2l4j.common.data.MachineTranslation.Source;
import io.github.d2l4j.common.data.MachineTranslation.Tokens;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;

class MachineTranslationTest {
    @TempDir
    Path tmp;

    /** {@code n} pairs in fra.txt's format, each a distinct English and French sentence. */
    static String pairs(int n) {
        return IntStream.range(0, n)
                .mapToObj(i -> "Go " + (i % 7) + " w" + i + ".\tVa " + (i % 5) + " m" + i + "\u202f!")
                .collect(Collectors.joining("\n", "", "\n"));
    }

    static Path zip(Path file, String... namesAndTexts) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(bytes)) {
            for (int i = 0; i < namesAndTexts.length; i += 2) {
                z.putNextEntry(new ZipEntry(namesAndTexts[i]));
                z.write(namesAndTexts[i + 1].getBytes(StandardCharsets.ISO_8859_1));
                z.closeEntry();
            }
        }
        return Files.write(file, bytes.toByteArray());
    }

    @Test
    void preprocessingFollowsTheBook() {
        assertThat(MachineTranslation.preprocessNmt("Go.\tVa !\nRun!\tCours\u202f!\nWow!\tÇa\u00a0alors !"))
                .isEqualTo("go .\tva !\nrun !\tcours !\nwow !\tça alors !");
        // a space before , . ! ? only where there is none, and never at the very start
        assertThat(MachineTranslation.preprocessNmt("Hi,Tom? Yes !")).isEqualTo("hi ,tom ? yes !");
        assertThat(MachineTranslation.preprocessNmt(".Hi")).isEqualTo(".hi");
        assertThat(MachineTranslation.preprocessNmt("Wait...")).isEqualTo("wait . . .");
    }

    @Test
    void tokenizeKeepsTheBooksOffByOne601PairsFor600() {
        String text = MachineTranslation.preprocessNmt(pairs(1000));
        Tokens t = MachineTranslation.tokenizeNmt(text, 600);
        assertThat(t.source()).hasSize(601);
        assertThat(t.target()).hasSize(601);
        assertThat(t.source().get(0)).containsExactly("go", "0", "w0", ".");
        assertThat(t.target().get(0)).containsExactly("va", "0", "m0", "!");
        assertThat(MachineTranslation.tokenizeNmt(text).source()).hasSize(1000); // 0: all lines
        // a line without a tab is skipped but still counted, as the book's enumerate counts it
        Tokens skipped = MachineTranslation.tokenizeNmt("a .\tb .\nno tab\nc .\td .\ne .\tf .", 2);
        assertThat(skipped.source()).containsExactly(List.of("a", "."), List.of("c", "."));
        // split(' ') as Python's: two spaces give an empty token
        assertThat(MachineTranslation.tokenizeNmt("a  b\tc").source().get(0)).containsExactly("a", "", "b");
        assertThatThrownBy(() -> MachineTranslation.tokenizeNmt(text, -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
    }

    @Test
    void theLoaderPreprocessesOnlyTheLinesItTokenizesWithTheSameResult() {
        String raw = "Go.\tVa !\nHi.\tSalut !\nRun!\tCours\u202f!\n";
        assertThat(MachineTranslation.firstLines(raw, 1)).isEqualTo("Go.\tVa !\nHi.\tSalut !");
        assertThat(MachineTranslation.firstLines(raw, 2)).isEqualTo("Go.\tVa !\nHi.\tSalut !\nRun!\tCours\u202f!");
        assertThat(MachineTranslation.firstLines(raw, 5)).isEqualTo(raw);
        assertThat(MachineTranslation.firstLines(raw, 0)).isEqualTo(raw);
        String many = pairs(1000);
        for (int n : new int[] {1, 2, 600, 998, 999, 1000, 1500}) {
            Tokens whole = MachineTranslation.tokenizeNmt(MachineTranslation.preprocessNmt(many), n);
            Tokens part = MachineTranslation.tokenizeNmt(
                    MachineTranslation.preprocessNmt(MachineTranslation.firstLines(many, n)), n);
            assertThat(part).as("numExamples %d", n).isEqualTo(whole);
        }
    }

    @Test
    void truncatePadPadsAndTruncates() {
        assertThat(MachineTranslation.truncatePad(new int[] {47, 4}, 10, 1))
                .containsExactly(47, 4, 1, 1, 1, 1, 1, 1, 1, 1);
        assertThat(MachineTranslation.truncatePad(new int[] {5, 6, 7, 8}, 3, 1)).containsExactly(5, 6, 7);
        assertThat(MachineTranslation.truncatePad(new int[] {5, 6, 7}, 3, 1)).containsExactly(5, 6, 7);
        assertThatThrownBy(() -> MachineTranslation.truncatePad(new int[] {5}, 0, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0");
    }

    @Test
    void buildArrayAppendsEosAndCountsItInTheValidLength() {
        List<List<String>> lines = List.of(List.of("a", "b"), List.of("b", "c", "a", "b", "zzz"), List.of());
        Vocab vocab = Vocab.ofLines(lines, 0, MachineTranslation.RESERVED_TOKENS);
        assertThat(vocab.get("<pad>")).isEqualTo(1);
        assertThat(vocab.get("<eos>")).isEqualTo(3);
        int a = vocab.get("a");
        int b = vocab.get("b");
        NmtArray r = MachineTranslation.buildArrayNmt(lines, vocab, 4);
        assertThat(r.array().dataType()).isEqualTo(DataType.INT64);
        assertThat(r.array().shape()).containsExactly(3, 4);
        assertThat(r.array().getRow(0).toLongVector()).containsExactly(a, b, 3, 1);
        // truncated: no <eos>, and valid length numSteps
        assertThat(r.array().getRow(1).toLongVector()).containsExactly(b, vocab.get("c"), a, b);
        assertThat(r.array().getRow(2).toLongVector()).containsExactly(3, 1, 1, 1);
        assertThat(r.validLen().toIntVector()).containsExactly(3, 4, 1);
        assertThat(r.validLen().dataType()).isEqualTo(DataType.INT32);
    }

    @Test
    void theLoaderGives601PairsIn10BatchesShuffledAnewEachPass() {
        NmtData d = MachineTranslation.loadDataNmt(pairs(1000), 64, 8, 600, 7);
        assertThat(d.srcVocab().idxToToken().subList(0, 4)).containsExactly("<unk>", "<pad>", "<bos>", "<eos>");
        assertThat(d.tgtVocab().get("<eos>")).isEqualTo(3);
        assertThat(d.srcVocab().get("w5")).isZero(); // seen once: below min_freq 2
        List<List<Long>> firstPass = pass(d);
        List<List<Long>> secondPass = pass(d);
        // every pair once per pass, 9 x 64 + 25
        assertThat(firstPass).hasSize(601);
        assertThat(new HashSet<>(firstPass)).isEqualTo(new HashSet<>(secondPass));
        assertThat(firstPass).isNotEqualTo(secondPass); // a new order
        List<Integer> sizes = new ArrayList<>();
        for (Batch batch : d.dataIter()) {
            sizes.add((int) batch.X().size(0));
            assertThat(batch.X().shape()).containsExactly(batch.X().size(0), 8);
            assertThat(batch.Y().size(0)).isEqualTo(batch.X().size(0));
            assertEosThenPads(batch.X().toLongMatrix(), batch.XValidLen().toIntVector());
            assertEosThenPads(batch.Y().toLongMatrix(), batch.YValidLen().toIntVector());
        }
        assertThat(sizes).containsExactly(64, 64, 64, 64, 64, 64, 64, 64, 64, 25);
        // the same seed, the same order
        assertThat(pass(MachineTranslation.loadDataNmt(pairs(1000), 64, 8, 600, 7)))
                .isEqualTo(firstPass);
    }

    /** The first X row of each pair, in the order a pass gives them. */
    private static List<List<Long>> pass(NmtData d) {
        List<List<Long>> rows = new ArrayList<>();
        for (Batch batch : d.dataIter()) {
            long[][] x = batch.X().toLongMatrix();
            long[][] y = batch.Y().toLongMatrix();
            for (int i = 0; i < x.length; i++) {
                List<Long> row = new ArrayList<>();
                for (long v : x[i]) {
                    row.add(v);
                }
                for (long v : y[i]) {
                    row.add(v);
                }
                rows.add(row);
            }
        }
        return rows;
    }

    static void assertEosThenPads(long[][] rows, int[] validLen) {
        for (int i = 0; i < rows.length; i++) {
            int eos = validLen[i] - 1;
            assertThat(rows[i][eos]).as("row %d: <eos> at valid_len - 1", i).isEqualTo(3);
            for (int j = 0; j < eos; j++) {
                assertThat(rows[i][j]).as("row %d, token %d", i, j).isNotIn(1L, 3L);
            }
            for (int j = eos + 1; j < rows[i].length; j++) {
                assertThat(rows[i][j]).as("row %d, pad %d", i, j).isEqualTo(1);
            }
        }
    }

    @Test
    void badShapesAreRefusedBeforeAnyWork() {
        assertThatThrownBy(() -> MachineTranslation.loadDataNmt(0, 8, 600, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("batchSize 0");
        assertThatThrownBy(() -> MachineTranslation.loadDataNmt("a\tb\n", 2, 0, 600, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("numSteps 0");
    }

    @Test
    void theZipReaderTakesFraTxtAndSkipsMacosxEntries() throws Exception {
        Path z = zip(
                tmp.resolve("fra-eng.zip"),
                "fra-eng/",
                "",
                "__MACOSX/fra-eng/._fra.txt",
                "\u0000\u0005\u0016\u0007Mac OS X \u00ff\u00fe",
                "fra-eng/_about.txt",
                "about",
                "fra-eng/fra.txt",
                "Go.\tVa !\r\nHi.\tSalut !\r\n");
        assertThat(MachineTranslation.readDataNmt(z)).isEqualTo("Go.\tVa !\nHi.\tSalut !\n");
        Path txt = Files.writeString(tmp.resolve("fra.txt"), "Go.\tVa !\n");
        assertThat(MachineTranslation.readDataNmt(txt)).isEqualTo("Go.\tVa !\n");
    }

    @Test
    void aBadFileIsADataErrorNamingTheFileAndTheLine() throws Exception {
        Path noTab = Files.writeString(tmp.resolve("no-tab.txt"), "Go.\tVa !\nHi.\tSalut !\nRun! Cours !\n");
        assertThatThrownBy(() -> MachineTranslation.readDataNmt(noTab))
                .isInstanceOf(DataUnavailableException.class)
                .hasMessageContaining(noTab.toString())
                .hasMessageContaining("line 3 has no tab");
        Path twoTabs = Files.writeString(tmp.resolve("two-tabs.txt"), "Go.\tVa !\tx\n");
        assertThatThrownBy(() -> MachineTranslation.readDataNmt(twoTabs))
                .isInstanceOf(DataUnavailableException.class)
                .hasMessageContaining("line 1 has more than one tab");
        Path latin1 = Files.write(
                tmp.resolve("latin1.txt"), "Go.\tVa !\nWow!\t\u00c7a alors !\n".getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> MachineTranslation.readDataNmt(latin1))
                .isInstanceOf(DataUnavailableException.class)
                .hasMessageContaining(latin1.toString())
                .hasMessageContaining("line 2: not UTF-8");
        Path empty = Files.write(tmp.resolve("empty.txt"), new byte[0]);
        assertThatThrownBy(() -> MachineTranslation.readDataNmt(empty))
                .isInstanceOf(DataUnavailableException.class)
                .hasMessageContaining(empty + " is empty");
        Path emptyZip = zip(tmp.resolve("e.zip"), "fra-eng/fra.txt", "");
        assertThatThrownBy(() -> MachineTranslation.readDataNmt(emptyZip))
                .isInstanceOf(DataUnavailableException.class)
                .hasMessageContaining(emptyZip + "!fra-eng/fra.txt is empty");
        Path noEntry = zip(tmp.resolve("n.zip"), "__MACOSX/fra-eng/._fra.txt", "x", "fra.txt", "Go.\tVa !\n");
        assertThatThrownBy(() -> MachineTranslation.readDataNmt(noEntry))
                .isInstanceOf(DataUnavailableException.class)
                .hasMessageContaining(noEntry + " has no fra-eng/fra.txt")
                .hasMessageContaining("[fra.txt]");
        Path notZip = Files.writeString(tmp.resolve("not.zip"), "Go.\tVa !\n");
        assertThatThrownBy(() -> MachineTranslation.readDataNmt(notZip))
                .isInstanceOf(DataUnavailableException.class)
                .hasMessageContaining("cannot read " + notZip + " as a zip");
        Path missing = tmp.resolve("missing.txt");
        assertThatThrownBy(() -> MachineTranslation.readDataNmt(missing))
                .isInstanceOf(DataUnavailableException.class)
                .hasMessageContaining(missing.toString());
    }

    @Test
    void theUsersCopyIsUsedAsNamedAndReportedWithItsSha1() throws Exception {
        Path mine = zip(tmp.resolve("my-fra-eng.zip"), "fra-eng/fra.txt", "Go.\tVa !\n");
        Path cache = Files.createDirectory(tmp.resolve("cache"));
        Source s = MachineTranslation.source(mine.toString(), cache);
        assertThat(s.file()).isEqualTo(mine);
        assertThat(s.usersCopy()).isTrue();
        assertThat(s.sha1())
                .isEqualTo(DataHub.sha1(mine))
                .isNotEqualTo(DataHub.entry("fra-eng").sha1());
        assertThat(s.describe())
                .contains("your copy " + mine)
                .contains("-Dd2l.fraEng / D2L_FRA_ENG")
                .contains("SHA-1 " + s.sha1())
                .contains("94646ad1522d915e7b0f9296181140edcf86a4f5");
        try (var files = Files.list(cache)) {
            assertThat(files).isEmpty(); // nothing copied into the cache
        }
        // through the system property, as a user sets it
        String before = System.getProperty("d2l.fraEng");
        System.setProperty("d2l.fraEng", mine.toString());
        try {
            assertThat(MachineTranslation.source().file()).isEqualTo(mine);
            assertThat(MachineTranslation.readDataNmt()).isEqualTo("Go.\tVa !\n");
        } finally {
            if (before == null) {
                System.clearProperty("d2l.fraEng");
            } else {
                System.setProperty("d2l.fraEng", before);
            }
        }
        Path gone = tmp.resolve("gone.zip");
        assertThatThrownBy(() -> MachineTranslation.source(gone.toString(), cache))
                .isInstanceOf(DataUnavailableException.class)
                .hasMessageContaining("-Dd2l.fraEng / D2L_FRA_ENG = " + gone + ": no such file");
    }

    @Test
    void aDownloadWithTheWrongSha1IsRefused() throws Exception {
        byte[] notTheBooks = Files.readAllBytes(zip(tmp.resolve("other.zip"), "fra-eng/fra.txt", "Go.\tVa !\n"));
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/fra-eng.zip", ex -> {
            ex.sendResponseHeaders(200, notTheBooks.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(notTheBooks);
            }
        });
        server.start();
        String before = System.getProperty("d2l.hub");
        System.setProperty("d2l.hub", "http://127.0.0.1:" + server.getAddress().getPort() + "/");
        Path cache = Files.createDirectory(tmp.resolve("cache"));
        try {
            assertThatThrownBy(() -> MachineTranslation.source(null, cache))
                    .isInstanceOf(DataUnavailableException.class)
                    .hasMessageContaining("checksum mismatch")
                    .hasMessageContaining("94646ad1522d915e7b0f9296181140edcf86a4f5");
            try (var files = Files.list(cache)) {
                assertThat(files).isEmpty(); // nothing half-written or unverified left behind
            }
        } finally {
            server.stop(0);
            if (before == null) {
                System.clearProperty("d2l.hub");
            } else {
                System.setProperty("d2l.hub", before);
            }
        }
    }

    @Test
    void theHistogramIsAPlotFile() {
        Tokens t = MachineTranslation.tokenizeNmt(MachineTranslation.preprocessNmt(pairs(50)));
        Path png = MachineTranslation.showListLenPairHist(
                List.of("source", "target"),
                "# tokens per sequence",
                "count",
                t.source(),
                t.target(),
                tmp.resolve("h.png"));
        assertThat(png).isRegularFile().hasFileName("h.png");
        assertThat(tmp.resolve("h.svg")).isRegularFile();
        Set<Integer> lengths = new HashSet<>();
        t.source().forEach(l -> lengths.add(l.size()));
        assertThat(lengths).containsExactly(4);
    }
}
