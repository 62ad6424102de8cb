package io.github.d2l4j.common.data;

import io.github.d2l4j.common.io.Reasons;
import io.github.d2l4j.common.plot.Axes;
import io.github.d2l4j.common.plot.Plot;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The book's English-French machine-translation data set (D2L §9.5): reading {@code fra-eng},
 * preprocessing, tokenizing, and the minibatches of {@code load_data_nmt}.
 *
 * <p><b>Where the file comes from.</b> The hub's {@code fra-eng.zip} (registered in {@link DataHub}
 * as {@value #HUB_NAME} with the book's SHA-1), downloaded, verified and cached as every hub file
 * is; or, when the user names a copy of their own with {@code -Dd2l.fraEng=FILE} or the
 * environment variable {@code D2L_FRA_ENG}, that file: a zip holding {@value #ZIP_ENTRY} or the
 * {@code fra.txt} itself (a name ending in {@code .zip} is read as a zip). A named copy is used as
 * it is, whatever its checksum: it is never replaced by a download nor copied into the cache, and
 * the run says that it is the user's copy and prints its SHA-1. (The book's zip cannot be had
 * everywhere; other zips of the same Tatoeba release differ from it byte for byte.)
 *
 * <p>Defined in D2L §9.5.
 */
public final class MachineTranslation {
    private static final Logger LOG = LoggerFactory.getLogger(MachineTranslation.class);

    /** The file's name in {@link DataHub}, registered with the book's URL and SHA-1. */
    public static final String HUB_NAME = "fra-eng";

    /** The text inside the zip; macOS' {@code __MACOSX/} entries beside it are skipped. */
    public static final String ZIP_ENTRY = "fra-eng/fra.txt";

    /** The setting that names the user's own copy: {@code -Dd2l.fraEng} or {@code D2L_FRA_ENG}. */
    public static final String SETTING = "-Dd2l.fraEng / D2L_FRA_ENG";

    /** The book's reserved tokens, so that {@code <unk>}=0, {@code <pad>}=1, {@code <bos>}=2, {@code <eos>}=3. */
    public static final List<String> RESERVED_TOKENS = List.of("<pad>", "<bos>", "<eos>");

    /** The book's {@code num_examples=600}, which keeps 601 pairs (see {@link #tokenizeNmt(String, int)}). */
    public static final int BOOK_NUM_EXAMPLES = 600;

    private MachineTranslation() {}

    /**
     * One minibatch of {@code load_data_nmt}: source and target token indices, (batch, numSteps),
     * each row ending in {@code <eos>} and then {@code <pad>} unless truncated, and their valid
     * lengths, (batch), which count the {@code <eos>}. Indices are INT64; the valid lengths are
     * INT32, as the book's {@code .type(torch.int32)}.
     */
    public record Batch(INDArray X, INDArray XValidLen, INDArray Y, INDArray YValidLen) {}

    /** The book's {@code data_iter, src_vocab, tgt_vocab}; the iterator shuffles every pass. */
    public record NmtData(Iterable<Batch> dataIter, Vocab srcVocab, Vocab tgtVocab) {}

    /** The book's {@code source, target}: the token lists of each pair's two sides. */
    public record Tokens(List<List<String>> source, List<List<String>> target) {}

    /** The book's {@code array, valid_len} of {@code build_array_nmt}: (n, numSteps) INT64 and (n) INT32. */
    public record NmtArray(INDArray array, INDArray validLen) {}

    /**
     * Where the text is read from.
     *
     * @param file the zip or text file
     * @param usersCopy whether the user named it ({@value #SETTING}) rather than the hub
     * @param sha1 its SHA-1, in hex
     */
    public record Source(Path file, boolean usersCopy, String sha1) {
        /** What the run prints about the file. */
        public String describe() {
            if (!usersCopy) {
                return "fra-eng: " + file + " (the book's fra-eng.zip, SHA-1 " + sha1 + ")";
            }
            String book = DataHub.entry(HUB_NAME).sha1();
            return "fra-eng: your copy " + file + ", named by " + SETTING + ", SHA-1 " + sha1
                    + (sha1.equals(book) ? " (the book's)" : " (the book's fra-eng.zip has SHA-1 " + book + ")");
        }
    }

    /**
     * The file to read: the one {@value #SETTING} names, else the hub's {@code fra-eng.zip}
     * through {@link DataHub#download(String)}.
     *
     * @throws DataUnavailableException when the named file is not there, or the hub's cannot be had
     */
    public static Source source() {
        return source(Settings.get("d2l.fraEng", "D2L_FRA_ENG").orElse(null), DataHub.cacheDir());
    }

    /**
     * {@link #source()} with the setting's value given ({@code null}: not set) and the hub's cache.
     */
    static Source source(String usersCopy, Path cacheDir) {
        Path file = usersCopy != null ? Path.of(usersCopy) : DataHub.download(HUB_NAME, cacheDir);
        if (usersCopy != null && !Files.isRegularFile(file)) {
            throw new DataUnavailableException(SETTING + " = " + usersCopy + ": "
                    + (Files.exists(file) ? "not a file" : "no such file")
                    + ". Name a copy of fra-eng.zip (holding " + ZIP_ENTRY + ") or of fra.txt, or unset it"
                    + " to download the book's fra-eng.zip (SHA-1 "
                    + DataHub.entry(HUB_NAME).sha1() + ")");
        }
        try {
            return new Source(file, usersCopy != null, DataHub.sha1(file));
        } catch (IOException e) {
            throw new DataUnavailableException("cannot read " + file + ": " + Reasons.describe(e), e);
        }
    }

    /**
     * The book's {@code read_data_nmt}: the whole text of {@code fra.txt}, from {@link #source()}.
     * Prints where it comes from (and, for the user's copy, its SHA-1).
     *
     * <p>Defined in D2L §9.5.
     *
     * @throws DataUnavailableException as {@link #readDataNmt(Path)}
     */
    public static String readDataNmt() {
        Source s = source();
        LOG.info("{}", s.describe());
        return readDataNmt(s.file());
    }

    /**
     * The text of {@code file}: of its entry {@value #ZIP_ENTRY} when the name ends in {@code .zip}
     * ({@code __MACOSX/} entries skipped), else of the file itself. Decoded as UTF-8 with line ends
     * made {@code \n}, as Python's text mode reads it.
     *
     * <p>The book's {@code tokenize_nmt} silently skips a line that is not two fields around one tab.
     * {@code fra.txt} has none; such a line means another file, so here it is refused.
     *
     * <p>Defined in D2L §9.5.
     *
     * @throws DataUnavailableException naming the file (and the line) when it cannot be read, is not
     *     a zip, has no {@value #ZIP_ENTRY}, is empty, is not UTF-8, or has a line without exactly one
     *     tab
     */
    public static String readDataNmt(Path file) {
        boolean zip = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".zip");
        String name = zip ? file + "!" + ZIP_ENTRY : file.toString();
        byte[] bytes = zip ? readZipEntry(file) : readFile(file);
        if (bytes.length == 0) {
            throw new DataUnavailableException(name + " is empty: " + remedy());
        }
        String text = decode(bytes, name).replace("\r\n", "\n").replace('\r', '\n');
        requirePairs(text, name);
        return text;
    }

    private static byte[] readFile(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new DataUnavailableException("cannot read " + file + ": " + Reasons.describe(e), e);
        }
    }

    private static byte[] readZipEntry(Path file) {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            List<String> names = new ArrayList<>();
            for (ZipEntry e : java.util.Collections.list(zip.entries())) {
                if (e.getName().startsWith("__MACOSX/")) {
                    continue; // macOS' AppleDouble metadata, not data
                }
                if (e.getName().equals(ZIP_ENTRY)) {
                    try (InputStream in = zip.getInputStream(e)) {
                        return in.readAllBytes();
                    }
                }
                names.add(e.getName());
            }
            throw new DataUnavailableException(
                    file + " has no " + ZIP_ENTRY + " (its entries: " + names + "): " + remedy());
        } catch (IOException e) {
            throw new DataUnavailableException(
                    "cannot read " + file + " as a zip: " + Reasons.describe(e) + ". " + remedy(), e);
        }
    }

    /** Strict UTF-8; a malformed byte is reported with its line. */
    private static String decode(byte[] bytes, String name) {
        CharsetDecoder decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult r = decoder.decode(in, out, true);
        if (r.isError()) {
            int line = 1;
            for (int i = 0; i < in.position(); i++) {
                line += bytes[i] == '\n' ? 1 : 0;
            }
            throw new DataUnavailableException(
                    name + ", line " + line + ": not UTF-8 text (byte offset " + in.position() + "): " + remedy());
        }
        decoder.flush(out);
        return out.flip().toString();
    }

    /** Every line, but an empty one after the last newline, is two fields around one tab. */
    private static void requirePairs(String text, String name) {
        int line = 1;
        for (int start = 0; start < text.length(); line++) {
            int end = text.indexOf('\n', start);
            end = end < 0 ? text.length() : end;
            int tab = text.indexOf('\t', start);
            if (tab < 0 || tab >= end || text.indexOf('\t', tab + 1) >= 0 && text.indexOf('\t', tab + 1) < end) {
                String what = tab < 0 || tab >= end ? "has no tab" : "has more than one tab";
                String shown = text.substring(start, Math.min(end, start + 60));
                throw new DataUnavailableException(name + ", line " + line + " " + what
                        + " (a line of fra.txt is English, a tab, French): '" + shown + "'. " + remedy());
            }
            start = end + 1;
        }
    }

    private static String remedy() {
        return "use the book's fra-eng.zip (SHA-1 " + DataHub.entry(HUB_NAME).sha1() + "), or name a good copy with "
                + SETTING;
    }

    /**
     * The book's {@code preprocess_nmt}: no-break spaces ({@code \u202f}, {@code \u00a0}) become
     * spaces, everything is lower-cased, and a space goes before each {@code , . ! ?} that does not
     * follow a space already.
     *
     * <p>Defined in D2L §9.5.
     */
    public static String preprocessNmt(String text) {
        String t = text.replace('\u202f', ' ').replace('\u00a0', ' ').toLowerCase(Locale.ROOT);
        StringBuilder out = new StringBuilder(t.length() + t.length() / 8);
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (i > 0 && ",.!?".indexOf(c) >= 0 && t.charAt(i - 1) != ' ') {
                out.append(' ');
            }
            out.append(c);
        }
        return out.toString();
    }

    /** {@link #tokenizeNmt(String, int)} of every line. */
    public static Tokens tokenizeNmt(String text) {
        return tokenizeNmt(text, 0);
    }

    /**
     * The book's {@code tokenize_nmt}: each line split at its tab into source and target, each
     * side split at every single space ({@code split(' ')}, so two spaces in a row give an empty
     * token, as in Python). Lines that are not two fields are skipped, as the book skips them.
     *
     * <p><b>The book's off-by-one, kept:</b> its loop stops {@code if num_examples and i >
     * num_examples}, so it reads lines 0 to numExamples: <b>601 pairs for 600</b>.
     *
     * <p>Defined in D2L §9.5.
     *
     * @param numExamples 0 for every line (the book's {@code None}); else the last line index read
     * @throws IllegalArgumentException for a negative numExamples
     */
    public static Tokens tokenizeNmt(String text, int numExamples) {
        if (numExamples < 0) {
            throw new IllegalArgumentException("numExamples must be >= 0 (0: all), got " + numExamples);
        }
        List<List<String>> source = new ArrayList<>();
        List<List<String>> target = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (numExamples > 0 && i > numExamples) {
                break;
            }
            String[] parts = lines[i].split("\t", -1);
            if (parts.length == 2) {
                source.add(List.of(parts[0].split(" ", -1)));
                target.add(List.of(parts[1].split(" ", -1)));
            }
        }
        return new Tokens(source, target);
    }

    /**
     * The book's {@code show_list_len_pair_hist}: a histogram of the lengths of two lists of token
     * lists, side by side in 10 bins as matplotlib's {@code hist} draws them (the book hatches the
     * second list's bars; here they have a colour of their own). Writes {@code png} and an SVG.
     *
     * <p>Defined in D2L §9.5.
     */
    public static Path showListLenPairHist(
            List<String> legend,
            String xlabel,
            String ylabel,
            List<List<String>> xlist,
            List<List<String>> ylist,
            Path png) {
        double[] x = xlist.stream().mapToDouble(List::size).toArray();
        double[] y = ylist.stream().mapToDouble(List::size).toArray();
        return Plot.hist(
                List.of(x, y), 10, Axes.of().withLabels(xlabel, ylabel).withLegend(legend.toArray(String[]::new)), png);
    }

    /**
     * The book's {@code truncate_pad}: the first {@code numSteps} tokens of {@code line}, or the
     * line followed by {@code paddingToken} up to {@code numSteps}.
     *
     * <p>Defined in D2L §9.5.
     */
    public static int[] truncatePad(int[] line, int numSteps, int paddingToken) {
        if (numSteps < 1) {
            throw new IllegalArgumentException("numSteps must be at least 1, got " + numSteps);
        }
        int[] out = Arrays.copyOf(line, numSteps); // truncates, or pads with zeros
        Arrays.fill(out, Math.min(line.length, numSteps), numSteps, paddingToken);
        return out;
    }

    /**
     * The book's {@code build_array_nmt}: each line's indices with {@code <eos>} appended, truncated
     * or padded to {@code numSteps}; and the valid length of each row, its count of tokens that are
     * not {@code <pad>}. It counts the {@code <eos>}; a truncated row has no {@code <eos>} and a
     * valid length of numSteps.
     *
     * <p>Defined in D2L §9.5.
     *
     * @throws IllegalArgumentException for numSteps below 1
     */
    public static NmtArray buildArrayNmt(List<List<String>> lines, Vocab vocab, int numSteps) {
        long[][] array = rows(lines, vocab, numSteps);
        int[] validLen = validLen(array, vocab.get("<pad>"));
        return new NmtArray(Nd4j.createFromArray(array), Nd4j.createFromArray(validLen));
    }

    private static long[][] rows(List<List<String>> lines, Vocab vocab, int numSteps) {
        if (numSteps < 1) {
            throw new IllegalArgumentException("numSteps must be at least 1, got " + numSteps);
        }
        int eos = vocab.get("<eos>");
        int pad = vocab.get("<pad>");
        long[][] array = new long[lines.size()][];
        for (int i = 0; i < array.length; i++) {
            int[] l = Arrays.copyOf(vocab.get(lines.get(i)), lines.get(i).size() + 1);
            l[l.length - 1] = eos;
            array[i] =
                    Arrays.stream(truncatePad(l, numSteps, pad)).asLongStream().toArray();
        }
        return array;
    }

    private static int[] validLen(long[][] array, int pad) {
        return Arrays.stream(array)
                .mapToInt(row -> (int) Arrays.stream(row).filter(t -> t != pad).count())
                .toArray();
    }

    /**
     * {@link #loadDataNmt(int, int, int, long)} shuffling with a seed drawn from ND4J's global RNG,
     * as the book's loader draws from PyTorch's (seed it with {@code Nd4j.getRandom().setSeed}).
     *
     * <p>Defined in D2L §9.5.
     */
    public static NmtData loadDataNmt(int batchSize, int numSteps, int numExamples) {
        requireShape(batchSize, numSteps, numExamples);
        return loadDataNmt(batchSize, numSteps, numExamples, Nd4j.getRandom().nextLong());
    }

    /**
     * The book's {@code load_data_nmt} on the hub's {@code fra.txt} (or the user's copy, {@value
     * #SETTING}).
     *
     * <p>Defined in D2L §9.5.
     *
     * @throws IllegalArgumentException for a batch size or numSteps below 1 or a negative
     *     numExamples, before the file is read
     */
    public static NmtData loadDataNmt(int batchSize, int numSteps, int numExamples, long seed) {
        requireShape(batchSize, numSteps, numExamples);
        return loadDataNmt(readDataNmt(), batchSize, numSteps, numExamples, seed);
    }

    /**
     * The book's {@code load_data_nmt} on a raw text of one's own (the {@code fra.txt} format):
     * preprocess, tokenize the first {@code numExamples} lines (601 pairs for the book's 600),
     * build source and target vocabularies with {@code min_freq=2} and the book's reserved tokens,
     * build both arrays, and minibatches of {@code batchSize} pairs, shuffled anew at every pass
     * (every call to {@code iterator()}) by a {@code java.util.Random} seeded with {@code seed}. The
     * last batch is short when the batch size does not divide the pairs, as PyTorch's {@code
     * DataLoader} without {@code drop_last}.
     *
     * <p>Defined in D2L §9.5.
     */
    public static NmtData loadDataNmt(String rawText, int batchSize, int numSteps, int numExamples, long seed) {
        requireShape(batchSize, numSteps, numExamples);
        Tokens t = tokenizeNmt(preprocessNmt(firstLines(rawText, numExamples)), numExamples);
        Vocab srcVocab = Vocab.ofLines(t.source(), 2, RESERVED_TOKENS);
        Vocab tgtVocab = Vocab.ofLines(t.target(), 2, RESERVED_TOKENS);
        long[][] src = rows(t.source(), srcVocab, numSteps);
        long[][] tgt = rows(t.target(), tgtVocab, numSteps);
        Loader loader = new Loader(
                src, validLen(src, srcVocab.get("<pad>")), tgt, validLen(tgt, tgtVocab.get("<pad>")), batchSize, seed);
        return new NmtData(loader, srcVocab, tgtVocab);
    }

    /**
     * Lines 0 to numExamples of the text (all of it for 0): the only lines that {@link
     * #tokenizeNmt(String, int)} reads. The book preprocesses the whole file first; preprocessing
     * looks at a character and the one before it only, so preprocessing just these lines gives the
     * same tokens, in a fraction of the time.
     */
    static String firstLines(String text, int numExamples) {
        int end = -1;
        for (int i = 0; numExamples > 0 && i <= numExamples; i++) {
            end = text.indexOf('\n', end + 1);
            if (end < 0) {
                return text;
            }
        }
        return end < 0 ? text : text.substring(0, end);
    }

    private static void requireShape(int batchSize, int numSteps, int numExamples) {
        if (batchSize < 1 || numSteps < 1 || numExamples < 0) {
            throw new IllegalArgumentException(String.format(
                    "batchSize and numSteps must be at least 1 and numExamples at least 0 (0: all),"
                            + " got batchSize %d, numSteps %d, numExamples %d",
                    batchSize, numSteps, numExamples));
        }
    }

    /** The book's {@code load_array(..., is_train=True)} over the four arrays: a new order every pass. */
    private static final class Loader implements Iterable<Batch> {
        private final long[][] src;
        private final int[] srcValidLen;
        private final long[][] tgt;
        private final int[] tgtValidLen;
        private final int batchSize;
        private final Random rng;

        Loader(long[][] src, int[] srcValidLen, long[][] tgt, int[] tgtValidLen, int batchSize, long seed) {
            this.src = src;
            this.srcValidLen = srcValidLen;
            this.tgt = tgt;
            this.tgtValidLen = tgtValidLen;
            this.batchSize = batchSize;
            this.rng = new Random(seed);
        }

        @Override
        public Iterator<Batch> iterator() {
            int[] order = shuffled();
            return new Iterator<>() {
                private int cursor;

                @Override
                public boolean hasNext() {
                    return cursor < order.length;
                }

                @Override
                public Batch next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    int[] idx = Arrays.copyOfRange(order, cursor, Math.min(cursor + batchSize, order.length));
                    cursor += idx.length;
                    return new Batch(
                            gather(src, idx), gather(srcValidLen, idx), gather(tgt, idx), gather(tgtValidLen, idx));
                }
            };
        }

        /** A Fisher-Yates permutation of the pairs. */
        private synchronized int[] shuffled() {
            int[] order = new int[src.length];
            Arrays.setAll(order, i -> i);
            for (int i = order.length - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                int tmp = order[i];
                order[i] = order[j];
                order[j] = tmp;
            }
            return order;
        }

        private static INDArray gather(long[][] rows, int[] idx) {
            long[][] out = new long[idx.length][];
            for (int i = 0; i < idx.length; i++) {
                out[i] = rows[idx[i]];
            }
            return Nd4j.createFromArray(out);
        }

        private static INDArray gather(int[] values, int[] idx) {
            return Nd4j.createFromArray(Arrays.stream(idx).map(i -> values[i]).toArray());
        }
    }
}
