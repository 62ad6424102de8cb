package io.github.d2l4j.ch06;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.d2l4j.common.section.RunOptions;
import io.github.d2l4j.common.testing.NdAssert;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class PoolingTest {
    private static final Pooling.Result RUN = Pooling.run(Pooling.Config.from(RunOptions.none()));

    @Test
    void loopsGiveTheBooksMaxAndAverage() {
        NdAssert.assertClose("max", RUN.max(), Nd4j.createFromArray(new float[][] {{4, 5}, {7, 8}}), 0);
        NdAssert.assertClose("avg", RUN.avg(), Nd4j.createFromArray(new float[][] {{2, 3}, {5, 6}}), 0);
    }

    @Test
    void dl4jPoolsGiveTheBooksValues() {
        NdAssert.assertClose(
                "MaxPool2d(3)", RUN.pool3(), Nd4j.createFromArray(10f).reshape(1, 1, 1, 1), 0);
        INDArray expected =
                Nd4j.createFromArray(new float[][] {{5, 7}, {13, 15}}).reshape(1, 1, 2, 2);
        NdAssert.assertClose("MaxPool2d(3, padding=1, stride=2)", RUN.padded(), expected, 0);
        NdAssert.assertClose("MaxPool2d((2, 3), stride=(2, 3), padding=(0, 1))", RUN.rectangular(), expected, 0);
    }

    @Test
    void eachChannelIsPooledOnItsOwn() {
        INDArray first = RUN.twoChannels().get(NDArrayIndex.all(), NDArrayIndex.point(0));
        INDArray second = RUN.twoChannels().get(NDArrayIndex.all(), NDArrayIndex.point(1));
        NdAssert.assertClose("second channel = first + 1", second, first.add(1), 0);
    }

    /** PyTorch's AvgPool2d(3, padding=1, stride=2): zero padding counted, so every window divides by 9. */
    @Test
    void averagePoolingCountsPaddingAsTheBooksFrameworkDoes() {
        INDArray padded = Nd4j.zeros(DataType.FLOAT, 6, 6);
        padded.get(NDArrayIndex.interval(1, 5), NDArrayIndex.interval(1, 5))
                .assign(Nd4j.arange(16).castTo(DataType.FLOAT).reshape(4, 4));
        INDArray windows = Pooling.pool2d(padded, 3, 3, "avg"); // stride 1, divisor 9
        INDArray expected = windows.get(NDArrayIndex.interval(0, 2, 4), NDArrayIndex.interval(0, 2, 4));
        NdAssert.assertClose(
                "AvgPool2d(3, padding=1, stride=2)", RUN.avgPadded().reshape(2, 2), expected, 1e-5);
    }

    @Test
    void anUnknownModeIsRefused() {
        assertThatThrownBy(() -> Pooling.pool2d(Nd4j.ones(3, 3), 2, 2, "min")).hasMessageContaining("'min'");
    }
}
