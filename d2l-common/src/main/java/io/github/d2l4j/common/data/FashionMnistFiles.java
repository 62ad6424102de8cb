package io.github.d2l4j.common.data;

import io.github.d2l4j.common.io.Reasons;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the four Fashion-MNIST files, in this order:
 *
 * <ol>
 *   <li>the directory given by {@code -Dd2l.data=DIR} or the environment variable {@code D2L_DATA};
 *   <li>the user cache, {@code ~/.d2l/data/fashion-mnist} ({@code -Dd2l.cache} or {@code D2L_CACHE}
 *       moves {@code ~/.d2l/data});
 *   <li>{@code /usr/share/datasets/fashion-mnist}, from Debian's package {@code dataset-fashion-mnist};
 *   <li>a download from the official mirror into the cache, each file checked against the
 *       published MD5 of its {@code .gz}.
 * </ol>
 *
 * A directory counts when it holds all four files, each raw or gzipped. A directory the user
 * names must hold them, or it is an error that names the missing files; the other places are a
 * fallback chain. When nothing works, the error names every remedy.
 */
public final class FashionMnistFiles {

    /** The official mirror that torchvision and the book download from. */
    public static final URI OFFICIAL_MIRROR = URI.create("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/");

    /** Debian's package {@code dataset-fashion-mnist} installs the files here. */
    public static final Path DEBIAN_DIR = Path.of("/usr/share/datasets/fashion-mnist");

    /** The four files and the published MD5 of each official {@code .gz} download. */
    public static final Map<String, String> FILES = orderedFiles();

    private static Map<String, String> orderedFiles() {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("train-images-idx3-ubyte", "8d4fb7e6c68d591d4c3dfef9ec88bf0d");
        files.put("train-labels-idx1-ubyte", "25c81989df183df01b3e8a0aad5dffbe");
        files.put("t10k-images-idx3-ubyte", "bef4ecab320f06d8554ea6380940ec79");
        files.put("t10k-labels-idx1-ubyte", "bb300cfdad3c16e7a12a480ee83cd310");
        return java.util.Collections.unmodifiableMap(files);
    }

    /**
     * Where to look, in order. Tests build their own; {@link #defaults()} reads the user's settings.
     *
     * @param userDir the directory the user named, or null
     * @param cacheDir the per-user cache, also where downloads go
     * @param systemDir the Debian package's directory
     * @param mirror the base URL to download from, or null for no download
     */
    public record Sources(Path userDir, Path cacheDir, Path systemDir, URI mirror) {

        /** The user's settings: {@code -Dd2l.data}/{@code D2L_DATA}, the cache, Debian, the mirror. */
        public static Sources defaults() {
            Path user = Settings.get("d2l.data", "D2L_DATA").map(Path::of).orElse(null);
            URI mirror = Settings.baseUrl("d2l.fashionMnist.mirror", "D2L_FASHION_MNIST_MIRROR", false)
                    .orElse(OFFICIAL_MIRROR);
            return new Sources(user, Settings.cacheRoot().resolve("fashion-mnist"), DEBIAN_DIR, mirror);
        }
    }

    private FashionMnistFiles() {}

    /** Resolves the directory holding all four files, downloading into the cache if need be. */
    public static Path resolve(Sources sources) {
        List<String> looked = new ArrayList<>();
        if (sources.userDir() != null) {
            // a directory the user names is the one used: no quiet fallback to another copy
            if (complete(sources.userDir())) {
                return sources.userDir();
            }
            throw new DataUnavailableException("-Dd2l.data / D2L_DATA = " + sources.userDir() + ": "
                    + missing(sources.userDir()) + ". That directory must hold all four Fashion-MNIST files ("
                    + String.join(", ", FILES.keySet()) + ", raw or .gz); or unset the setting to use the"
                    + " cache, Debian's package or the download.");
        }
        looked.add("-Dd2l.data / D2L_DATA: not set");
        for (Path dir : List.of(sources.cacheDir(), sources.systemDir())) {
            if (complete(dir)) {
                return dir;
            }
            looked.add(dir + ": " + missing(dir));
        }
        if (sources.mirror() == null) {
            looked.add("download: disabled");
        } else {
            try {
                return download(sources.mirror(), sources.cacheDir());
            } catch (IOException e) {
                looked.add("download from " + sources.mirror() + " failed: " + Reasons.describe(e));
            }
        }
        throw new DataUnavailableException(notFoundMessage(looked, sources));
    }

    /** The file for {@code name} in dir, raw or gzipped, if present. */
    public static Optional<Path> find(Path dir, String name) {
        for (Path p : List.of(dir.resolve(name), dir.resolve(name + ".gz"))) {
            if (Files.isRegularFile(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    static boolean complete(Path dir) {
        return FILES.keySet().stream().allMatch(name -> find(dir, name).isPresent());
    }

    private static String missing(Path dir) {
        if (!Files.isDirectory(dir)) {
            return "no such directory";
        }
        return "missing "
                + String.join(
                        ", ",
                        FILES.keySet().stream()
                                .filter(n -> find(dir, n).isEmpty())
                                .toList());
    }

    private static Path download(URI mirror, Path cacheDir) throws IOException {
        for (Map.Entry<String, String> file : FILES.entrySet()) {
            if (find(cacheDir, file.getKey()).isEmpty()) {
                String gz = file.getKey() + ".gz";
                Download.fetch(mirror.resolve(gz), cacheDir.resolve(gz), "MD5", file.getValue());
            }
        }
        return cacheDir;
    }

    private static String notFoundMessage(List<String> looked, Sources s) {
        return "Fashion-MNIST not found. Looked at:\n  - " + String.join("\n  - ", looked)
                + "\nAny one of these fixes it:\n"
                + "  1. point -Dd2l.data=DIR or D2L_DATA=DIR at a directory holding the four files\n"
                + "     (" + String.join(", ", FILES.keySet()) + ", raw or .gz);\n"
                + "  2. copy them into the cache " + s.cacheDir() + ";\n"
                + "  3. on Debian or Ubuntu: sudo apt-get install dataset-fashion-mnist (installs them in "
                + s.systemDir() + ");\n"
                + "  4. allow the download from " + (s.mirror() == null ? OFFICIAL_MIRROR : s.mirror())
                + " (network access to it, or -Dd2l.fashionMnist.mirror=URL for another mirror).";
    }
}
