package io.github.d2l4j.ch02;

import io.github.d2l4j.common.section.BookSection;
import io.github.d2l4j.common.section.RunOptions;
import io.github.d2l4j.common.section.SectionResult;
import io.github.d2l4j.common.section.Summary;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.datavec.api.records.reader.impl.csv.CSVRecordReader;
import org.datavec.api.split.FileSplit;
import org.datavec.api.transform.TransformProcess;
import org.datavec.api.transform.condition.ConditionOp;
import org.datavec.api.transform.condition.column.StringColumnCondition;
import org.datavec.api.transform.schema.Schema;
import org.datavec.api.writable.Text;
import org.datavec.api.writable.Writable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Raw data to numbers with DataVec, the JVM's pandas for this job: read a CSV with {@code
 * CSVRecordReader}, fill the missing {@code NumRooms} with the column mean, and one-hot encode
 * {@code Alley} with "NA" as a category of its own ({@code get_dummies(dummy_na=True)}), all
 * expressed as one {@code TransformProcess}.
 *
 * <p>D2L 2.2, Data Preprocessing.
 */
@BookSection(id = "2.2", title = "Data Preprocessing", page = "https://zh.d2l.ai/chapter_preliminaries/pandas.html")
public final class DataPreprocessing {
    private static final Logger LOG = LoggerFactory.getLogger(DataPreprocessing.class);

    /** The book's tiny house data set. */
    public static final String HOUSE_TINY = """
            NumRooms,Alley,Price
            NA,Pave,127500
            2,NA,106000
            4,NA,178100
            NA,NA,140000
            """;

    public static final String MISSING = "NA";

    /** @param dataDir where house_tiny.csv is written, the book's ../data */
    public record Config(Path dataDir) {
        public static Config from(RunOptions o) {
            return new Config(o.out().resolve("data")); // the book's ../data, kept inside --out
        }
    }

    /**
     * @param X inputs: NumRooms, Alley_Pave, Alley_nan
     * @param y the Price column
     * @param dropped the column the exercise drops (the one with most missing values)
     */
    public record Result(List<String> columns, double[][] X, double[] y, String dropped) implements SectionResult {
        @Override
        public Summary summary() {
            return Summary.of()
                    .add("rows", X.length)
                    .add("columns", String.join(",", columns))
                    .add("dropped", dropped);
        }
    }

    public static Result run(Config c) {
        Path csv = writeHouseTiny(c.dataDir());
        LOG.info("wrote {}", csv);
        List<String> header = header(csv);
        List<List<Writable>> rows = readCsv(csv, header.size());
        LOG.info("{}\n{}", header, rows);

        // 2.2.2: fill NumRooms with its mean, one-hot Alley with NA as its own category
        double mean = meanIgnoringMissing(rows, header.indexOf("NumRooms"));
        List<String> alleys = categories(rows, header.indexOf("Alley"));
        TransformProcess tp = new TransformProcess.Builder(schema(header))
                .conditionalReplaceValueTransform(
                        "NumRooms",
                        new Text(String.valueOf(mean)),
                        new StringColumnCondition("NumRooms", ConditionOp.Equal, MISSING))
                .convertToDouble("NumRooms")
                .stringMapTransform("Alley", Map.of(MISSING, "nan"))
                .stringToCategorical("Alley", alleys)
                .categoricalToOneHot("Alley")
                .convertToDouble("Price")
                .build();
        List<String> columns = tp.getFinalSchema().getColumnNames();
        double[][] X = new double[rows.size()][];
        double[] y = new double[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            List<Writable> out = tp.execute(rows.get(i));
            X[i] = out.subList(0, out.size() - 1).stream()
                    .mapToDouble(Writable::toDouble)
                    .toArray();
            y[i] = out.get(out.size() - 1).toDouble();
        }
        LOG.info(
                "inputs {} =\n{}\noutputs = {}",
                columns.subList(0, columns.size() - 1),
                Arrays.deepToString(X),
                Arrays.toString(y));

        // Exercise: drop the column with the most missing values
        String dropped = mostMissing(header, rows);
        TransformProcess drop = new TransformProcess.Builder(schema(header))
                .removeColumns(dropped)
                .build();
        LOG.info("dropping '{}' leaves {}", dropped, drop.getFinalSchema().getColumnNames());
        return new Result(columns.subList(0, columns.size() - 1), X, y, dropped);
    }

    /** Writes house_tiny.csv into dir and returns its path. */
    public static Path writeHouseTiny(Path dir) {
        try {
            Files.createDirectories(dir);
            return Files.writeString(dir.resolve("house_tiny.csv"), HOUSE_TINY);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write house_tiny.csv into " + dir, e);
        }
    }

    /** The CSV's column names. */
    public static List<String> header(Path csv) {
        try (var lines = Files.lines(csv)) {
            String first = lines.findFirst().orElseThrow(() -> new IllegalArgumentException(csv + " is empty"));
            return List.of(first.trim().split(","));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + csv + ": " + e, e);
        }
    }

    /**
     * Reads every row after the header with DataVec, checking that each has {@code numColumns}
     * fields.
     */
    public static List<List<Writable>> readCsv(Path csv, int numColumns) {
        if (!Files.isRegularFile(csv)) {
            throw new IllegalArgumentException("no such CSV file: " + csv);
        }
        List<List<Writable>> rows = new ArrayList<>();
        try (CSVRecordReader reader = new CSVRecordReader(1, ',')) {
            reader.initialize(new FileSplit(csv.toFile()));
            for (int line = 2; reader.hasNext(); line++) {
                List<Writable> row = reader.next();
                if (row.size() != numColumns) {
                    throw new IllegalArgumentException(String.format(
                            "%s line %d has %d fields, the header has %d: %s", csv, line, row.size(), numColumns, row));
                }
                rows.add(row);
            }
        } catch (IOException | InterruptedException e) {
            throw new IllegalArgumentException("cannot read " + csv + ": " + e, e);
        }
        return rows;
    }

    private static Schema schema(List<String> header) {
        Schema.Builder b = new Schema.Builder();
        header.forEach(b::addColumnString); // NA makes every column text until it is cleaned
        return b.build();
    }

    static double meanIgnoringMissing(List<List<Writable>> rows, int column) {
        return rows.stream()
                .map(r -> r.get(column).toString())
                .filter(v -> !v.equals(MISSING))
                .mapToDouble(Double::parseDouble)
                .average()
                .orElseThrow(() -> new IllegalArgumentException("column " + column + " has no values"));
    }

    /** The column's categories, sorted as pandas does, with "nan" (the NA category) last. */
    static List<String> categories(List<List<Writable>> rows, int column) {
        TreeSet<String> values = new TreeSet<>();
        rows.forEach(r -> values.add(r.get(column).toString()));
        values.remove(MISSING);
        List<String> out = new ArrayList<>(values);
        out.add("nan");
        return out;
    }

    static String mostMissing(List<String> header, List<List<Writable>> rows) {
        int best = 0;
        long bestCount = -1;
        for (int col = 0; col < header.size(); col++) {
            final int c = col;
            long n = rows.stream()
                    .filter(r -> r.get(c).toString().equals(MISSING))
                    .count();
            if (n > bestCount) {
                best = col;
                bestCount = n;
            }
        }
        return header.get(best);
    }
}
