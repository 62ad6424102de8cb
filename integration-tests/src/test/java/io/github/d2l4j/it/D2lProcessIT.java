package io.github.d2l4j.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.github.d2l4j.common.section.Summary;
import io.github.d2l4j.common.testing.IdxFixtures;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code ./d2l} as a user starts and stops it: relative paths mean the caller's
 * directory, a partly cleaned build is rebuilt, and Ctrl-C or SIGTERM ends a run at once and
 * leaves no half-written file.
 *
 * <p>Cost: about 30 seconds on the 2-core CI machine in tier 1, half of it a dozen interrupted runs;
 * the hundred interrupted runs (about 130 s) are tier 2.
 */
class D2lProcessIT {
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final String D2L = ROOT.resolve("d2l").toString();

    @TempDir
    Path cwd;

    /**
     * Starts ./d2l as a terminal would: with SIGINT and SIGTERM at their default disposition. A
     * process started as a background job of a non-interactive shell (a CI runner, say) inherits
     * SIGINT ignored, and no shell can undo that; perl-base (Essential on Debian) resets it before
     * exec, so the pid is still that of ./d2l's JVM.
     */
    private Process start(Map<String, String> env, String... args) throws IOException {
        return start(D2L, env, args);
    }

    /** {@link #start(Map, String...)} for this copy of the script, or a link to one. */
    private Process start(String script, Map<String, String> env, String... args) throws IOException {
        String resetSignals = "$SIG{INT} = 'DEFAULT'; $SIG{TERM} = 'DEFAULT'; exec @ARGV or die \"exec: $!\"";
        ProcessBuilder pb = new ProcessBuilder(
                        Stream.concat(Stream.of("perl", "-e", resetSignals, "bash", script), Stream.of(args))
                                .toList())
                .directory(cwd.toFile())
                .redirectErrorStream(true);
        pb.environment().putAll(env);
        return pb.start();
    }

    private String run(Map<String, String> env, String... args) throws Exception {
        Process p = start(env, args);
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    private static Map<String, String> lastSummary(String out) {
        List<String> lines = out.lines().filter(l -> l.startsWith("result ")).toList();
        assertThat(lines).as(out).isNotEmpty();
        return Summary.parse(lines.get(lines.size() - 1));
    }

    @Test
    void relativePathsMeanTheCallersDirectory() throws Exception {
        // --out
        Map<String, String> plot = lastSummary(run(Map.of(), "run", "2.4", "--out", "my plots"));
        assertThat(plot.get("plot")).isEqualTo("my plots/2.4-tangent.png");
        assertThat(cwd.resolve("my plots/2.4-tangent.png")).exists();
        assertThat(ROOT.resolve("my plots")).doesNotExist();

        // D2L_DATA
        IdxFixtures.writeFashionMnist(cwd.resolve("fm"), 120, 60, true, 1);
        Map<String, String> data = lastSummary(run(Map.of("D2L_DATA", "fm"), "run", "3.5", "--out", "out"));
        assertThat(data).containsEntry("train", "120").containsEntry("test", "60");

        // D2L_HUB and D2L_CACHE
        String hub = System.getenv("D2L_HUB");
        assertThat(hub)
                .as("D2L_HUB: a directory with the book's hub files (README, Prerequisites)")
                .isNotBlank();
        Files.createDirectories(cwd.resolve("hub"));
        for (String f : List.of("kaggle_house_pred_train.csv", "kaggle_house_pred_test.csv")) {
            Files.copy(Path.of(hub).resolve(f), cwd.resolve("hub").resolve(f));
        }
        run(Map.of("D2L_HUB", "hub", "D2L_CACHE", "cache"), "run", "4.10", "--epochs", "1", "--out", "k");
        assertThat(cwd.resolve("cache/kaggle_house_pred_train.csv")).exists();
        assertThat(cwd.resolve("k/submission.csv")).exists();
    }

    /**
     * A checkout with nothing but the script, a built class path naming one jar, and stand-ins for
     * mvn and java on the PATH that log their calls: the launcher's own logic, run for real,
     * while nothing here is really built or cleaned.
     */
    private record FakeCheckout(Path root, Path jar, Path classPath, Path bin, Path log) {
        Map<String, String> env() {
            return Map.of("PATH", bin + ":" + System.getenv("PATH"));
        }

        String script() {
            return root.resolve("d2l").toString();
        }

        /** mvn's stand-in logs its call, runs {@code body}, then "builds" the jar. */
        void mvn(String body) throws IOException {
            stub(bin.resolve("mvn"), "echo \"mvn $*\" >> '" + log + "'; " + body + "\necho jar > '" + jar + "'");
        }

        List<String> calls() throws IOException {
            return Files.exists(log) ? Files.readAllLines(log) : List.of();
        }
    }

    private FakeCheckout fakeCheckout() throws IOException {
        Path root = Files.createDirectories(cwd.resolve("checkout"));
        Files.copy(ROOT.resolve("d2l"), root.resolve("d2l"));
        Files.createDirectories(root.resolve("d2l-runner/target/classes"));
        Path jar = root.resolve("ch03-linear-networks/target/ch03.jar");
        Files.createDirectories(jar.getParent());
        Files.writeString(jar, "jar");
        Path classPath = root.resolve("d2l-runner/target/d2l.classpath");
        Files.writeString(classPath, jar.toString());
        Path bin = Files.createDirectories(cwd.resolve("bin"));
        FakeCheckout checkout = new FakeCheckout(root, jar, classPath, bin, cwd.resolve("calls.log"));
        checkout.mvn("");
        stub(bin.resolve("java"), "echo \"java $*\" >> '" + checkout.log() + "'");
        return checkout;
    }

    /**
     * After {@code mvn -pl ch03-linear-networks clean}, the class path names a jar that is gone:
     * ./d2l rebuilds, without the tests.
     */
    @Test
    void aPartlyCleanedBuildIsRebuiltWithoutTests() throws Exception {
        FakeCheckout checkout = fakeCheckout();
        runScript(checkout.script(), checkout.env());
        assertThat(checkout.calls())
                .noneMatch(c -> c.startsWith("mvn"))
                .anyMatch(c -> c.endsWith("io.github.d2l4j.runner.Runner list"));

        Files.delete(checkout.jar()); // mvn -pl ch03-linear-networks clean
        Files.delete(checkout.log());
        runScript(checkout.script(), checkout.env());
        assertThat(checkout.calls()).first().isEqualTo("mvn -q -B -Dmaven.test.skip=true -pl d2l-runner -am package");
    }

    /**
     * A jar gone from the local Maven repository (~/.m2 pruned) is fetched again by a build,
     * where Java would stop with NoClassDefFoundError and exit 1.
     */
    @Test
    void aJarGoneFromTheLocalRepositoryIsFetchedAgain() throws Exception {
        FakeCheckout checkout = fakeCheckout();
        Path gone = cwd.resolve("m2/repository/org/datavec/datavec-api/1.0.0-M2.1/datavec-api-1.0.0-M2.1.jar");
        Files.writeString(checkout.classPath(), checkout.jar() + ":" + gone);
        runScript(checkout.script(), checkout.env());
        assertThat(checkout.calls()).first().asString().startsWith("mvn ");
    }

    /**
     * ./d2l through a symbolic link (in ~/bin, say) builds and runs its checkout, not the link's
     * directory, where Maven finds no project.
     */
    @Test
    void aSymlinkedScriptRunsItsCheckout() throws Exception {
        FakeCheckout checkout = fakeCheckout();
        Path links = Files.createDirectories(cwd.resolve("links"));
        Files.createSymbolicLink(links.resolve("d2l-real"), Path.of("../checkout/d2l")); // relative, as ln -s makes
        Path link = Files.createSymbolicLink(links.resolve("d2l"), Path.of("d2l-real")); // a link to a link
        runScript(link.toString(), checkout.env());
        assertThat(checkout.calls())
                .singleElement()
                .asString()
                .startsWith("java ")
                .contains("-cp " + checkout.root().toRealPath() + "/d2l-runner/target/classes:" + checkout.jar());
    }

    /**
     * Two ./d2l started together after a source change build once: the second waits for the
     * first's build, instead of a second Maven overwriting the jars the first is about to run.
     */
    @Test
    void twoRunsAfterAChangeBuildOnce() throws Exception {
        FakeCheckout checkout = fakeCheckout();
        checkout.mvn("sleep 2");
        Files.delete(checkout.jar()); // both see a stale build
        Process first = start(checkout.script(), checkout.env(), "list");
        Process second = start(checkout.script(), checkout.env(), "list");
        for (Process p : List.of(first, second)) {
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(output(p)).isZero();
        }
        assertThat(checkout.calls().stream().filter(c -> c.startsWith("mvn ")))
                .as("Maven runs")
                .hasSize(1);
        assertThat(checkout.calls().stream().filter(c -> c.startsWith("java ")))
                .as("Java runs")
                .hasSize(2);
    }

    /**
     * Ctrl-C or SIGTERM during the build ends ./d2l at once with 130 or 143, as during a run (not
     * with the failed build's 1, nor after the build has run on), and stops Maven.
     */
    @Test
    void anInterruptDuringTheBuildEndsItAt130() throws Exception {
        FakeCheckout checkout = fakeCheckout();
        Path mavenPid = cwd.resolve("mvn.pid");
        checkout.mvn("echo $$ > '" + mavenPid + ".tmp'; mv '" + mavenPid + ".tmp' '" + mavenPid + "'; exec sleep 60");
        for (String signal : List.of("INT", "TERM")) {
            Files.deleteIfExists(checkout.jar()); // a stale build
            Files.deleteIfExists(mavenPid);
            Process p = start(checkout.script(), checkout.env(), "list");
            for (int i = 0; i < 1500 && !Files.exists(mavenPid); i++) {
                Thread.sleep(20);
            }
            assertThat(mavenPid).as("mvn started").exists();
            kill(p, signal);
            assertThat(p.waitFor(5, TimeUnit.SECONDS))
                    .as("gone within 5 s of SIG%s", signal)
                    .isTrue();
            assertThat(p.exitValue()).as(output(p)).isEqualTo(signal.equals("INT") ? 130 : 143);
            long maven = Long.parseLong(Files.readString(mavenPid).strip());
            for (int i = 0; i < 250 && isAlive(maven); i++) {
                Thread.sleep(20);
            }
            assertThat(isAlive(maven))
                    .as("mvn still running 5 s after SIG%s", signal)
                    .isFalse();
        }
    }

    private static void stub(Path file, String body) throws IOException {
        Files.writeString(file, "#!/usr/bin/env bash\n" + body + "\n");
        assertThat(file.toFile().setExecutable(true)).isTrue();
    }

    private void runScript(String script, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", script, "list")
                .directory(cwd.toFile())
                .redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
    }

    /** A download that Ctrl-C (or SIGTERM) cuts off leaves nothing in the cache. */
    @Test
    void anInterruptedDownloadLeavesNoPartFile() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(
                "/",
                ex -> { // a slow hub: 4 KB, then a trickle
                    ex.sendResponseHeaders(200, 460_676);
                    try (OutputStream body = ex.getResponseBody()) {
                        body.write(new byte[4096]);
                        body.flush();
                        for (int i = 0; i < 600; i++) {
                            Thread.sleep(100);
                            body.write(new byte[16]);
                            body.flush();
                        }
                    } catch (IOException | InterruptedException gone) {
                        // the client is gone
                    }
                });
        server.start();
        try {
            String hub = "http://127.0.0.1:" + server.getAddress().getPort() + "/";
            for (String signal : List.of("INT", "TERM")) {
                Path cache = cwd.resolve("cache-" + signal);
                Process p = start(Map.of("D2L_HUB", hub, "D2L_CACHE", cache.toString()), "run", "4.10");
                awaitPartFile(cache, p);
                assertSignalIsNotIgnored(p, signal); // the JVM is up by now: its disposition is final
                kill(p, signal);
                assertThat(p.waitFor(5, TimeUnit.SECONDS))
                        .as("gone within 5 s of SIG%s", signal)
                        .isTrue();
                assertThat(p.exitValue()).as(output(p)).isEqualTo(signal.equals("INT") ? 130 : 143);
                assertThat(files(cache))
                        .as("what SIG%s left in the cache", signal)
                        .isEmpty();
            }
        } finally {
            server.stop(0);
        }
    }

    /**
     * A dozen Ctrl-Cs at random moments of a 4.3 run (start-up, data loading, matrix products, plot
     * writes): every process is gone within 5 s, with exit 130, and no half-written plot is left.
     * Tier 1's share of {@link #aHundredInterruptsNeverHang}, about 15 s.
     */
    @Test
    void aDozenInterruptsNeverHang() throws Exception {
        interruptsNeverHang(12, 7);
    }

    /**
     * The same for 100 Ctrl-Cs (about 130 s): the hunt that once caught a run ending with 1, too
     * long for tier 1's budget, so it runs under {@code -Pbook}.
     */
    @Test
    @Tag("book")
    void aHundredInterruptsNeverHang() throws Exception {
        interruptsNeverHang(100, 42);
    }

    private void interruptsNeverHang(int runs, long seed) throws Exception {
        Random random = new Random(seed);
        Path out = cwd.resolve("plots");
        for (int i = 0; i < runs; i++) {
            Process p = start(Map.of(), "run", "4.3", "--out", out.toString());
            p.getOutputStream().close();
            Thread.sleep(50 + random.nextInt(2500));
            kill(p, "INT");
            boolean gone = p.waitFor(5, TimeUnit.SECONDS);
            if (!gone) {
                p.destroyForcibly().waitFor();
            }
            String output = output(p); // standard output and error: where a failing run was
            assertThat(gone)
                    .as("run %d gone within 5 s of SIGINT; its output:%n%s", i, output)
                    .isTrue();
            assertThat(p.exitValue())
                    .as("run %d, whose output was:%n%s", i, output)
                    .isEqualTo(130);
        }
        assertThat(files(out)).noneMatch(f -> f.endsWith(".part"));
    }

    private static void assertSignalIsNotIgnored(Process p, String signal) throws IOException {
        int bit = signal.equals("INT") ? 2 : 15;
        String ignored = Files.readAllLines(Path.of("/proc", String.valueOf(p.pid()), "status")).stream()
                .filter(l -> l.startsWith("SigIgn:"))
                .findFirst()
                .orElseThrow()
                .substring("SigIgn:".length())
                .strip();
        assertThat((Long.parseLong(ignored, 16) >> (bit - 1)) & 1)
                .as("SIG%s is still ignored after the reset in start()", signal)
                .isZero();
    }

    private static void awaitPartFile(Path cache, Process p) throws Exception {
        for (int i = 0; i < 3000 && p.isAlive(); i++) {
            if (files(cache).stream().anyMatch(f -> f.endsWith(".part"))) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no .part file appeared in " + cache + ": "
                + new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    private static void kill(Process p, String signal) throws Exception {
        assertThat(new ProcessBuilder("kill", "-" + signal, String.valueOf(p.pid()))
                        .start()
                        .waitFor())
                .isZero();
    }

    private static boolean isAlive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** What an ended process wrote to standard output and error. */
    private static String output(Process p) throws IOException {
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    private static List<String> files(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(f -> f.getFileName().toString()).toList();
        }
    }
}
