package io.github.d2l4j.ch05;

import io.github.d2l4j.common.io.AtomicFile;
import io.github.d2l4j.common.section.BookSection;
import io.github.d2l4j.common.section.RunOptions;
import io.github.d2l4j.common.section.SectionResult;
import io.github.d2l4j.common.section.Summary;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Saving and loading arrays and models: ND4J's own binary array format ({@code Nd4j.write} /
 * {@code Nd4j.read}), a list or a map of arrays as named arrays in one file, and a model's
 * parameters, loaded into a freshly built clone that then computes exactly what the original
 * does. For DL4J that is {@code ModelSerializer} (configuration and parameters together) or the
 * flat parameter vector into a new network; for our SameDiff blocks, their named parameters.
 *
 * <p>Every file is written atomically (a reader sees the old file or the whole new one), and a
 * truncated or corrupt file is an error that names it, with nothing half-loaded.
 *
 * <p>D2L 5.5, File I/O.
 */
@BookSection(
        id = "5.5",
        title = "File I/O",
        page = "https://zh.d2l.ai/chapter_deep-learning-computation/read-write.html")
public final class ReadWrite {
    private static final Logger LOG = LoggerFactory.getLogger(ReadWrite.class);
    private static final String MAGIC = "d2l4j-arrays-1";

    public record Config(long seed, Path dir) {
        public static Config from(RunOptions o) {
            return new Config(
                    o.seed(42), // fixes X and the MLP's initialisation
                    o.out().resolve("5.5-files")); // the book writes into its working directory; ours, --out
        }
    }

    /**
     * @param x2 {@code x} after a round trip
     * @param pair {@code [x, y]} after a round trip
     * @param dict {@code {'x': x, 'y': y}} after a round trip
     * @param dl4jCloneEqual whether the DL4J clone's output equals the original's, exactly
     * @param sameDiffCloneEqual the same for our SameDiff MLP block
     */
    public record Result(
            INDArray x2,
            List<INDArray> pair,
            Map<String, INDArray> dict,
            boolean dl4jCloneEqual,
            boolean serializerCloneEqual,
            boolean sameDiffCloneEqual)
            implements SectionResult {
        @Override
        public Summary summary() {
            return Summary.of()
                    .add("dl4j_clone_equal", dl4jCloneEqual)
                    .add("model_serializer_equal", serializerCloneEqual)
                    .add("samediff_clone_equal", sameDiffCloneEqual);
        }
    }

    public static Result run(Config c) {
        try {
            return runIn(c);
        } catch (IOException e) {
            throw new UncheckedIOException("5.5: cannot write or read in " + c.dir() + ": " + e.getMessage(), e);
        }
    }

    private static Result runIn(Config c) throws IOException {
        Files.createDirectories(c.dir());
        // 5.5.1: an array, a list of arrays, a map of arrays
        INDArray x = Nd4j.arange(4).castTo(DataType.FLOAT);
        save(c.dir().resolve("x-file"), Map.of("x", x));
        INDArray x2 = load(c.dir().resolve("x-file")).get("x");
        INDArray y = Nd4j.zeros(DataType.FLOAT, 4);
        saveList(c.dir().resolve("x-files"), List.of(x, y));
        List<INDArray> pair = loadList(c.dir().resolve("x-files"));
        Map<String, INDArray> mydict = new LinkedHashMap<>();
        mydict.put("x", x);
        mydict.put("y", y);
        save(c.dir().resolve("mydict"), mydict);
        Map<String, INDArray> dict2 = load(c.dir().resolve("mydict"));
        LOG.info("x2 = {}; (x2, y2) = {}; mydict2 = {}", x2, pair, dict2);

        // 5.5.2: a model's parameters, into a fresh clone
        Nd4j.getRandom().setSeed(c.seed());
        INDArray X = Nd4j.randn(DataType.FLOAT, 2, 20);
        MultiLayerNetwork net = ModelConstruction.dl4jMlp(c.seed());
        INDArray Y = net.output(X);
        save(c.dir().resolve("mlp.params"), Map.of("params", net.params()));
        MultiLayerNetwork clone = ModelConstruction.dl4jMlp(c.seed() + 1); // other random weights
        clone.setParams(load(c.dir().resolve("mlp.params")).get("params"));
        boolean dl4jEqual = clone.output(X).equals(Y);
        LOG.info("DL4J: Y_clone == Y: {}", dl4jEqual);

        Path zip = c.dir().resolve("mlp.zip");
        AtomicFile.write(zip, out -> ModelSerializer.writeModel(net, out, false));
        boolean serializerEqual = ModelSerializer.restoreMultiLayerNetwork(zip.toFile(), false)
                .output(X)
                .equals(Y);
        LOG.info("ModelSerializer: Y_clone == Y: {}", serializerEqual);

        ModelConstruction.Mlp scratch = new ModelConstruction.Mlp();
        INDArray Ys = scratch.apply(X);
        save(c.dir().resolve("mlp-scratch.params"), scratch.namedParameters());
        ModelConstruction.Mlp scratchClone = new ModelConstruction.Mlp();
        load(c.dir().resolve("mlp-scratch.params"))
                .forEach((name, value) ->
                        scratchClone.namedParameters().get(name).assign(value));
        boolean sameDiffEqual = scratchClone.apply(X).equals(Ys);
        LOG.info("SameDiff MLP: Y_clone == Y: {}", sameDiffEqual);
        LOG.info("the files are in {}", c.dir()); // the book's go to its working directory; ours, here
        return new Result(x2, pair, dict2, dl4jEqual, serializerEqual, sameDiffEqual);
    }

    /** Saves named arrays into one file, atomically, in ND4J's binary array format. */
    public static void save(Path file, Map<String, INDArray> arrays) throws IOException {
        AtomicFile.write(file, raw -> {
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(raw));
            out.writeUTF(MAGIC);
            out.writeInt(arrays.size());
            for (Map.Entry<String, INDArray> e : arrays.entrySet()) {
                out.writeUTF(e.getKey());
                Nd4j.write(e.getValue(), out);
            }
            out.flush();
        });
    }

    /** A list of arrays, saved as arrays named "0", "1", ... */
    public static void saveList(Path file, List<INDArray> arrays) throws IOException {
        Map<String, INDArray> named = new LinkedHashMap<>();
        for (int i = 0; i < arrays.size(); i++) {
            named.put(String.valueOf(i), arrays.get(i));
        }
        save(file, named);
    }

    /**
     * Loads what {@link #save} wrote, all or nothing.
     *
     * @throws IOException naming the file, if it is missing, truncated, corrupt or has trailing bytes
     */
    public static Map<String, INDArray> load(Path file) throws IOException {
        Map<String, INDArray> arrays = new LinkedHashMap<>();
        try (InputStream raw = Files.newInputStream(file);
                DataInputStream in = new DataInputStream(new BufferedInputStream(raw))) {
            if (!MAGIC.equals(in.readUTF())) {
                throw new IOException("not a file of saved arrays");
            }
            int n = in.readInt();
            if (n < 0) {
                throw new IOException("a negative array count, " + n);
            }
            for (int i = 0; i < n; i++) {
                arrays.put(in.readUTF(), Nd4j.read(in));
            }
            if (in.read() != -1) {
                throw new IOException("unexpected bytes after " + n + " arrays");
            }
        } catch (EOFException e) {
            throw new IOException(file + ": truncated: it ends before its last array", e);
        } catch (IOException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        } catch (RuntimeException e) { // ND4J's reader on bytes that are not an array
            throw new IOException(file + ": corrupt: " + e.getMessage(), e);
        }
        return arrays;
    }

    /** Loads what {@link #saveList} wrote. */
    public static List<INDArray> loadList(Path file) throws IOException {
        return List.copyOf(load(file).values());
    }
}
