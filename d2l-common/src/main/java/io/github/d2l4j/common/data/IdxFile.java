package io.github.d2l4j.common.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * One file in the IDX format of (Fashion-)MNIST, gzipped or raw: a big-endian header (magic
 * number, then one int per dimension) followed by unsigned bytes.
 *
 * @param path where it was read from, for error messages
 * @param magic 0x00000803 for images, 0x00000801 for labels
 * @param dims the sizes of its dimensions
 * @param data the payload, {@code product(dims)} bytes
 */
public record IdxFile(Path path, int magic, int[] dims, byte[] data) {

    /** Magic number of an unsigned-byte 3-D file (images). */
    public static final int IMAGES_MAGIC = 0x00000803;
    /** Magic number of an unsigned-byte 1-D file (labels). */
    public static final int LABELS_MAGIC = 0x00000801;

    /**
     * Reads and checks an IDX file. Every problem (unreadable, corrupt gzip, bad magic, truncated,
     * trailing bytes) raises an {@link IOException} that names the file.
     */
    public static IdxFile read(Path path) throws IOException {
        return parse(path, readMaybeGzipped(path));
    }

    /**
     * Reads an IDX file and checks its magic number first (a labels file passed as images is
     * reported as such) and then its sizes; -1 in {@code expectDims} means any size.
     */
    public static IdxFile read(Path path, int expectMagic, int... expectDims) throws IOException {
        byte[] bytes = readMaybeGzipped(path);
        if (bytes.length >= 4) {
            int magic = ByteBuffer.wrap(bytes).getInt();
            if (magic != expectMagic) {
                throw new IOException(
                        String.format("%s: wrong magic number 0x%08x, expected 0x%08x", path, magic, expectMagic));
            }
        }
        return parse(path, bytes).require(expectMagic, expectDims);
    }

    private static IdxFile parse(Path path, byte[] bytes) throws IOException {
        if (bytes.length < 8) {
            throw new IOException(path + ": too short for an IDX header (" + bytes.length + " bytes)");
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes); // IDX is big-endian, ByteBuffer's default
        int magic = buf.getInt();
        if ((magic >>> 8) != 0x08) {
            throw new IOException(
                    String.format("%s: not an unsigned-byte IDX file (magic number 0x%08x)", path, magic));
        }
        int rank = magic & 0xff;
        if (rank < 1 || bytes.length < 4 + 4L * rank) {
            throw new IOException(path + ": truncated IDX header (rank " + rank + ")");
        }
        int[] dims = new int[rank];
        long expected = 1;
        for (int i = 0; i < rank; i++) {
            dims[i] = buf.getInt();
            if (dims[i] < 0) {
                throw new IOException(path + ": negative dimension " + dims[i]);
            }
            expected *= dims[i];
        }
        long actual = bytes.length - buf.position();
        if (actual < expected) {
            throw new IOException(path + ": truncated: header " + Arrays.toString(dims) + " promises " + expected
                    + " bytes of data, the file has " + actual);
        }
        if (actual > expected) {
            throw new IOException(path + ": " + (actual - expected) + " unexpected bytes after the data " + "(header "
                    + Arrays.toString(dims) + ")");
        }
        return new IdxFile(path, magic, dims, Arrays.copyOfRange(bytes, buf.position(), bytes.length));
    }

    /** Checks the magic number and the rank and sizes; -1 in {@code expectDims} means any. */
    public IdxFile require(int expectMagic, int... expectDims) throws IOException {
        if (magic != expectMagic) {
            throw new IOException(
                    String.format("%s: wrong magic number 0x%08x, expected 0x%08x", path, magic, expectMagic));
        }
        boolean ok = dims.length == expectDims.length;
        for (int i = 0; ok && i < dims.length; i++) {
            ok = expectDims[i] < 0 || expectDims[i] == dims[i];
        }
        if (!ok) {
            throw new IOException(path + ": dimensions " + Arrays.toString(dims) + ", expected "
                    + Arrays.toString(expectDims).replace("-1", "any"));
        }
        return this;
    }

    private static byte[] readMaybeGzipped(Path path) throws IOException {
        byte[] raw = Files.readAllBytes(path);
        boolean gzip = raw.length >= 2 && (raw[0] & 0xff) == 0x1f && (raw[1] & 0xff) == 0x8b;
        if (!gzip) {
            return raw;
        }
        try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(raw), 1 << 16)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length * 4);
            in.transferTo(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new IOException(path + ": corrupt gzip data (" + e.getMessage() + ")", e);
        }
    }
}
