package io.github.d2l4j.ch05;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class ReadWriteTest {
    @TempDir
    Path dir;

    @Test
    void arraysListsMapsAndModelsComeBackExactly() throws IOException {
        ReadWrite.Result r = ReadWrite.run(new ReadWrite.Config(1, dir));
        assertThat(r.x2().toDoubleVector()).containsExactly(0, 1, 2, 3);
        assertThat(r.pair()).hasSize(2);
        assertThat(r.pair().get(1).toDoubleVector()).containsExactly(0, 0, 0, 0);
        assertThat(r.dict().keySet()).containsExactly("x", "y");
        assertThat(r.dl4jCloneEqual()).isTrue();
        assertThat(r.serializerCloneEqual()).isTrue();
        assertThat(r.sameDiffCloneEqual()).isTrue();
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".part"));
        }
    }

    @Test
    void aTruncatedOrCorruptFileIsAClearErrorAndNothingIsHalfLoaded() throws IOException {
        Path file = dir.resolve("two");
        ReadWrite.save(file, Map.of("a", Nd4j.rand(DataType.FLOAT, 50, 50)));
        byte[] bytes = Files.readAllBytes(file);
        Path cut = Files.write(dir.resolve("cut"), Arrays.copyOf(bytes, bytes.length / 2));
        assertThatThrownBy(() -> ReadWrite.load(cut))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith(cut.toString());
        Path junk = Files.writeString(dir.resolve("junk"), "not arrays at all");
        assertThatThrownBy(() -> ReadWrite.load(junk)).hasMessageStartingWith(junk.toString());
        Path longer = dir.resolve("longer");
        Files.write(longer, bytes);
        Files.write(longer, new byte[] {1, 2, 3}, java.nio.file.StandardOpenOption.APPEND);
        assertThatThrownBy(() -> ReadWrite.load(longer)).hasMessageContaining("unexpected bytes after 1 arrays");
        assertThatThrownBy(() -> ReadWrite.load(dir.resolve("missing")))
                .hasMessageStartingWith(dir.resolve("missing").toString());
        assertThat(ReadWrite.load(file).get("a").shape()).containsExactly(50, 50); // the good one still loads
    }

    /**
     * The file layout, for the tests that change bytes in it: the magic string and the array count,
     * then per array its name, its shape record (the header MIXED_DATA_TYPES, length, LONG; then
     * rank, shape, strides, flags, element-wise stride, order) and its data record.
     */
    private static int shapeRecordStart(String name) {
        return 2
                + "d2l4j-arrays-1".length()
                + 4
                + 2
                + name.length()
                + 2
                + "MIXED_DATA_TYPES".length()
                + 8
                + 2
                + "LONG".length();
    }

    /** The corrupt byte of issue 19: in the middle of mlp.params' first dimension. */
    @Test
    void aCorruptShapeIsAnErrorNamingTheFileNotACrash() throws IOException {
        Path file = dir.resolve("mlp.params");
        INDArray params = ModelConstruction.dl4jMlp(1).params();
        ReadWrite.save(file, Map.of("params", params));
        byte[] bytes = Files.readAllBytes(file);
        assertThat(shapeRecordStart("params") + 8).isEqualTo(68); // shape[0] fills bytes 68 to 75
        bytes[72] = 0x7f; // shape[0] becomes 0x7f00_0000 plus the true length: over 2 billion
        Path corrupt = Files.write(dir.resolve("corrupt.params"), bytes);

        assertThatThrownBy(() -> ReadWrite.load(corrupt))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith(corrupt + ": corrupt: shape [" + (0x7f00_0000L + params.length()) + "]");
        assertThat(ReadWrite.load(file).get("params").sumNumber().doubleValue()) // the JVM is alive
                .isEqualTo(params.sumNumber().doubleValue());
    }

    @Test
    void aFileCutAnywhereIsAnErrorNamingTheFile() throws IOException {
        Path file = dir.resolve("mlp.params");
        ReadWrite.save(file, Map.of("params", ModelConstruction.dl4jMlp(1).params()));
        byte[] bytes = Files.readAllBytes(file);
        int dataRecord = shapeRecordStart("params") + 6 * 8; // a rank-1 shape record holds 6 numbers
        for (int end : new int[] {1, 20, 70, dataRecord, dataRecord + 20, bytes.length - 1}) {
            Path cut = Files.write(dir.resolve("cut-" + end), Arrays.copyOf(bytes, end));
            assertThatThrownBy(() -> ReadWrite.load(cut))
                    .as("cut after %d bytes", end)
                    .isInstanceOf(IOException.class)
                    .hasMessageStartingWith(cut + ": truncated");
        }
    }

    /** Other shapes that look right: the header, or the caller's expectation, catches each. */
    @Test
    void aShapeChangedToAnotherPlausibleOneIsCaught() throws IOException {
        Path file = dir.resolve("w");
        ReadWrite.save(file, Map.of("w", Nd4j.rand(DataType.FLOAT, 4, 6)));
        int shape = shapeRecordStart("w") + 8; // rank, then shape[0], shape[1], stride[0], stride[1]

        Path more = Files.write(dir.resolve("more"), withLong(Files.readAllBytes(file), shape, 5)); // (5, 6)
        assertThatThrownBy(() -> ReadWrite.load(more))
                .hasMessage(more + ": corrupt: shape [5, 6] has 30 elements, but the data that follows holds 24");

        byte[] swapped = withLong(withLong(Files.readAllBytes(file), shape, 6), shape + 8, 4); // (6, 4)
        Path wrongStrides = Files.write(dir.resolve("swapped"), swapped);
        assertThatThrownBy(() -> ReadWrite.load(wrongStrides))
                .hasMessageStartingWith(wrongStrides + ": corrupt: the strides, order or flags")
                .hasMessageContaining("[6, 4]");

        // (6, 4) with its own strides is a good array, but not the (4, 6) that the caller expects
        Path transposed = Files.write(dir.resolve("transposed"), withLong(swapped, shape + 16, 4));
        assertThat(ReadWrite.load(transposed).get("w").shape()).containsExactly(6, 4);
        assertThatThrownBy(() -> ReadWrite.load(transposed, Map.of("w", new long[] {4, 6})))
                .isInstanceOf(IOException.class)
                .hasMessage(transposed + ": array 'w' has shape [6, 4], expected [4, 6]");
        assertThatThrownBy(() -> ReadWrite.load(file, Map.of("W", new long[] {4, 6})))
                .hasMessage(file + ": holds arrays [w], expected [W]");
        assertThat(ReadWrite.load(file, Map.of("w", new long[] {4, 6})).get("w").shape())
                .containsExactly(4, 6);
    }

    /** The header checks accept every array that save writes. */
    @Test
    void everyKindOfArrayStillComesBack() throws IOException {
        Map<String, INDArray> arrays = new LinkedHashMap<>();
        arrays.put("scalar", Nd4j.scalar(2.5));
        arrays.put("double", Nd4j.rand(DataType.DOUBLE, 2, 3, 4));
        arrays.put("fortran", Nd4j.rand(DataType.FLOAT, 3, 5).dup('f'));
        arrays.put("view", Nd4j.rand(DataType.FLOAT, 4, 4).get(NDArrayIndex.interval(1, 3), NDArrayIndex.all()));
        arrays.put("permuted", Nd4j.rand(DataType.FLOAT, 2, 3).permute(1, 0));
        arrays.put("int", Nd4j.arange(6).castTo(DataType.INT32).reshape(2, 3));
        arrays.put("long", Nd4j.arange(3).castTo(DataType.INT64));
        arrays.put("half", Nd4j.rand(DataType.FLOAT, 3).castTo(DataType.FLOAT16));
        arrays.put("bool", Nd4j.createFromArray(true, false, true));
        Path file = dir.resolve("kinds");
        ReadWrite.save(file, arrays);
        Map<String, INDArray> back = ReadWrite.load(file, ReadWrite.shapes(arrays));
        arrays.forEach((name, a) -> assertThat(back.get(name)).as(name).isEqualTo(a));
    }

    private static byte[] withLong(byte[] bytes, int offset, long value) {
        ByteBuffer.wrap(bytes).putLong(offset, value);
        return bytes;
    }
}
