package io.github.d2l4j.ch05;

import io.github.d2l4j.common.io.AtomicFile;
import io.github.d2l4j.common.section.BookSection;
import io.github.d2l4j.common.section.RunOptions;
import io.github.d2l4j.common.section.SectionResult;
import io.github.d2l4j.common.section.Summary;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
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
    /** libnd4j's largest rank: a shape record holds 2 * rank + 4 numbers. */
    private static final int MAX_RANK = 32;

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
        clone.setParams(load(
                        c.dir().resolve("mlp.params"),
                        Map.of("params", clone.params().shape()))
                .get("params"));
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
        load(c.dir().resolve("mlp-scratch.params"), shapes(scratchClone.namedParameters()))
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
     * Loads what {@link #save} wrote, all or nothing. Each array's header is checked before ND4J
     * reads it: ND4J trusts the shape it finds, and an array whose shape claims more elements than
     * its data holds reads and writes outside its memory when used (a SIGSEGV in libnd4j, not an
     * exception).
     *
     * @throws IOException naming the file, if it is missing, truncated, corrupt or has trailing bytes
     */
    public static Map<String, INDArray> load(Path file) throws IOException {
        Map<String, INDArray> arrays = new LinkedHashMap<>();
        try {
            // in memory, so that each header can be checked against the bytes that follow it
            ByteArrayInputStream bytes = new ByteArrayInputStream(Files.readAllBytes(file));
            DataInputStream in = new DataInputStream(bytes);
            if (!MAGIC.equals(in.readUTF())) {
                throw new IOException("not a file of saved arrays");
            }
            int n = in.readInt();
            if (n < 0) {
                throw new IOException("a negative array count, " + n);
            }
            for (int i = 0; i < n; i++) {
                String name = in.readUTF();
                bytes.mark(0);
                checkHeader(bytes);
                bytes.reset();
                arrays.put(name, Nd4j.read(in));
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

    /**
     * Loads what {@link #save} wrote and checks that it holds exactly the arrays named in {@code
     * shapes}, each of its shape: parameters of another model are an error, not a surprise later.
     *
     * @throws IOException naming the file, as {@link #load(Path)}, or the array whose name or shape
     *     differs
     */
    public static Map<String, INDArray> load(Path file, Map<String, long[]> shapes) throws IOException {
        Map<String, INDArray> arrays = load(file);
        if (!arrays.keySet().equals(shapes.keySet())) {
            throw new IOException(file + ": holds arrays " + arrays.keySet() + ", expected " + shapes.keySet());
        }
        for (Map.Entry<String, long[]> e : shapes.entrySet()) {
            long[] shape = arrays.get(e.getKey()).shape();
            if (!Arrays.equals(shape, e.getValue())) {
                throw new IOException(file + ": array '" + e.getKey() + "' has shape " + Arrays.toString(shape)
                        + ", expected " + Arrays.toString(e.getValue()));
            }
        }
        return arrays;
    }

    /**
     * Reads the header of the array that {@code Nd4j.write} wrote next, its shape record and its
     * data record, and checks that ND4J may read it: the shape record is the one ND4J makes for
     * that shape, order and data type (so strides, element-wise stride and flags agree with the
     * shape), the data holds exactly as many elements as the shape, and they fit in the bytes left
     * in the file.
     */
    private static void checkHeader(ByteArrayInputStream bytes) throws IOException {
        DataInputStream in = new DataInputStream(bytes);
        BufferHeader shapeRecord = BufferHeader.read(in);
        long n = shapeRecord.length();
        if (shapeRecord.type() != DataType.INT64 || n < 4 || n > 2L * MAX_RANK + 4 || n % 2 != 0) {
            throw new IOException("corrupt: an array's shape record is not one ND4J writes");
        }
        long[] info = new long[(int) n];
        for (int i = 0; i < info.length; i++) {
            info[i] = in.readLong();
        }
        if (info[0] != (n - 4) / 2) {
            throw new IOException("corrupt: rank " + info[0] + " in a shape record of " + n + " numbers");
        }
        long[] shape = Arrays.copyOfRange(info, 1, 1 + (int) info[0]);
        long length = elements(shape);
        BufferHeader data = BufferHeader.read(in);
        if (data.length() != length) {
            throw new IOException("corrupt: shape " + Arrays.toString(shape) + " has " + length
                    + " elements, but the data that follows holds " + data.length());
        }
        if (!data.type().isNumerical() && data.type() != DataType.BOOL) {
            throw new IOException("corrupt: an array of data type " + data.type());
        }
        if (data.length() > bytes.available() / data.type().width()) {
            throw new IOException("truncated: an array of shape " + Arrays.toString(shape) + " needs " + data.length()
                    + " " + data.type() + " elements, more than the file holds");
        }
        char order = (char) info[info.length - 1];
        if ((order != 'c' && order != 'f')
                || !Arrays.equals(
                        info,
                        Nd4j.getShapeInfoProvider()
                                .createShapeInformation(shape, order, data.type())
                                .getSecond())) {
            throw new IOException("corrupt: the strides, order or flags of an array of shape " + Arrays.toString(shape)
                    + " do not match its shape");
        }
    }

    /** The number of elements of {@code shape}, or an error for a negative or overflowing shape. */
    private static long elements(long[] shape) throws IOException {
        long length = 1;
        try {
            for (long d : shape) {
                if (d < 0) {
                    throw new IOException("corrupt: shape " + Arrays.toString(shape));
                }
                length = Math.multiplyExact(length, d);
            }
        } catch (ArithmeticException e) {
            throw new IOException("corrupt: shape " + Arrays.toString(shape) + " has more elements than a long counts");
        }
        return length;
    }

    /**
     * The header of a buffer as {@code DataBuffer.write} writes it: the allocation mode (always
     * {@code MIXED_DATA_TYPES} since ND4J 1.0.0-beta4), the number of elements and their type.
     */
    private record BufferHeader(long length, DataType type) {
        static BufferHeader read(DataInputStream in) throws IOException {
            String mode = in.readUTF();
            if (!mode.equals("MIXED_DATA_TYPES")) {
                throw new IOException("corrupt: an array record starts with '" + mode + "'");
            }
            long length = in.readLong();
            String type = in.readUTF();
            try {
                return new BufferHeader(length, DataType.valueOf(type));
            } catch (IllegalArgumentException e) {
                throw new IOException("corrupt: an array of unknown data type '" + type + "'", e);
            }
        }
    }

    /** The shape of each named array: what {@link #load(Path, Map)} expects to find. */
    public static Map<String, long[]> shapes(Map<String, INDArray> arrays) {
        Map<String, long[]> shapes = new LinkedHashMap<>();
        arrays.forEach((name, a) -> shapes.put(name, a.shape()));
        return shapes;
    }

    /** Loads what {@link #saveList} wrote. */
    public static List<INDArray> loadList(Path file) throws IOException {
        return List.copyOf(load(file).values());
    }
}
