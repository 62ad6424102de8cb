package io.github.d2l4j.ch03;

import io.github.d2l4j.common.data.DataIters;
import io.github.d2l4j.common.data.FashionMnist;
import io.github.d2l4j.common.metrics.Timer;
import io.github.d2l4j.common.plot.Images;
import io.github.d2l4j.common.section.BookSection;
import io.github.d2l4j.common.section.RunOptions;
import io.github.d2l4j.common.section.SectionResult;
import io.github.d2l4j.common.section.Summary;
import io.github.d2l4j.common.train.Scratch;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fashion-MNIST, the data set of the rest of the chapter: how it is read, what one example looks
 * like, how fast a full pass goes, and how {@code resize} changes the batches.
 *
 * <p>Where the book's DataLoader yields labels as class indices, DL4J's losses want one-hot
 * rows, so the batches here carry (batch, 10) labels; {@code argMax(1)} gives the indices back.
 *
 * <p>D2L 3.5, The Image Classification Dataset.
 */
@BookSection(
        id = "3.5",
        title = "The Image Classification Dataset",
        page = "https://zh.d2l.ai/chapter_linear-networks/image-classification-dataset.html")
public final class ImageClassificationDataset {
    private static final Logger LOG = LoggerFactory.getLogger(ImageClassificationDataset.class);

    public record Config(int batchSize, int resize, long seed, Path out) {
        public Config {
            Scratch.requirePositive(batchSize, "batch size");
            Scratch.requirePositive(resize, "resize");
        }

        public static Config from(RunOptions o) {
            return new Config(
                    o.batchSize(256), // 256, the book's value for the whole chapter
                    64, // 64: the demo of resized batches
                    o.seed(42), // fixes the shuffling
                    o.out());
        }
    }

    /**
     * @param trainSize examples in the training set
     * @param testSize examples in the test set
     * @param sampleShape the shape of one image
     * @param labels text labels of the 18 images shown
     * @param readSeconds one pass over the training set
     * @param resizedShape the first resized batch's feature shape
     */
    public record Result(
            int trainSize,
            int testSize,
            long[] sampleShape,
            List<String> labels,
            double readSeconds,
            long[] resizedShape,
            long[] labelShape,
            Path images)
            implements SectionResult {
        @Override
        public Summary summary() {
            return Summary.of()
                    .add("train", trainSize)
                    .add("test", testSize)
                    .add("read_sec", readSeconds)
                    .add("plot", images);
        }
    }

    public static Result run(Config c) {
        DataIters data = FashionMnist.loadDataFashionMnist(c.batchSize(), c.seed());
        int trainSize = data.train().numExamples(); // len(mnist_train)
        int testSize = data.test().numExamples();
        LOG.info("{} training and {} test examples", trainSize, testSize);

        data.train().reset();
        DataSet first = data.train().next(18);
        long[] sampleShape = Arrays.copyOfRange(first.getFeatures().shape(), 1, 4);
        LOG.info("one image: {}", Arrays.toString(sampleShape));

        List<String> labels = FashionMnist.getFashionMnistLabels(first.getLabels());
        Path images = Images.showImages(
                first.getFeatures(), 2, 9, labels, 1.5, c.out().resolve("3.5-images.png"));
        LOG.info("{}\nplot: {}", labels, images.toAbsolutePath());

        // 3.5.2: one full pass over the training set
        Timer timer = new Timer();
        count(data.train());
        double seconds = timer.stop();
        LOG.info(String.format("%.2f sec to read the training set", seconds));

        // 3.5.3: resize=64
        DataIters resized = FashionMnist.loadDataFashionMnist(32, c.resize(), c.seed());
        DataSet batch = resized.train().next();
        INDArray X = batch.getFeatures();
        INDArray y = batch.getLabels().argMax(1);
        LOG.info("{} {} {} {}", Arrays.toString(X.shape()), X.dataType(), Arrays.toString(y.shape()), y.dataType());
        LOG.info(
                "(DL4J keeps the labels one-hot: {} {})",
                Arrays.toString(batch.getLabels().shape()),
                batch.getLabels().dataType());
        return new Result(trainSize, testSize, sampleShape, labels, seconds, X.shape(), y.shape(), images);
    }

    /** Examples in one pass of an iterator. */
    static int count(DataSetIterator it) {
        it.reset();
        int n = 0;
        while (it.hasNext()) {
            n += it.next().numExamples();
        }
        return n;
    }
}
