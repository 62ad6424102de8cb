package io.github.d2l4j.ch08;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.d2l4j.common.rnn.RNNModelScratch;
import io.github.d2l4j.common.testing.GradientCheck;
import io.github.d2l4j.common.testing.Pangrams;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class RnnScratchTest {
    static final int VOCAB = 6;
    static final int HIDDEN = 5;

    /** A small model with weights large enough that every parameter's gradient matters. */
    static RNNModelScratch small(long seed) {
        Nd4j.getRandom().setSeed(seed);
        RNNModelScratch net = RnnScratch.model(VOCAB, HIDDEN, 1);
        net.params()
                .values()
                .forEach(p -> p.assign(Nd4j.randn(DataType.FLOAT, p.shape()).muli(0.5)));
        return net;
    }

    static INDArray tokens(long seed, int batch, int steps) {
        Nd4j.getRandom().setSeed(seed);
        return Nd4j.rand(DataType.FLOAT, batch, steps).muli(VOCAB).castTo(DataType.INT32);
    }

    @Test
    void oneHotPutsTheOneAtTheIndex() {
        INDArray oh = RnnScratch.oneHot(Nd4j.createFromArray(0, 2), 28);
        assertThat(oh.shape()).containsExactly(2, 28);
        assertThat(oh.getFloat(0, 0)).isEqualTo(1f);
        assertThat(oh.getFloat(1, 2)).isEqualTo(1f);
        assertThat(oh.sumNumber().doubleValue()).isEqualTo(2.0);
    }

    @Test
    void theBooksShapesOnATextWithTheBooksVocabulary(@TempDir Path out) {
        RnnScratch.Config c = new RnnScratch.Config(Pangrams.lines(300, 1), 32, 35, 512, 1, 1, 42, out);
        RnnScratch.Result r = RnnScratch.run(c);
        assertThat(r.oneHotShape()).containsExactly(5, 2, 28);
        assertThat(r.outputShape()).containsExactly(10, 28);
        assertThat(r.stateSize()).isEqualTo(1);
        assertThat(r.stateShape()).containsExactly(2, 512);
        assertThat(r.untrained()).hasSize(25).startsWith("time traveller ");
        assertThat(r.sequential().timeTraveller()).hasSize(64);
        assertThat(r.random().traveller()).hasSize(59);
        assertThat(out.resolve("8.5-sequential.png")).isRegularFile();
        assertThat(out.resolve("8.5-random.png")).isRegularFile();
        assertThat(r.summary().toString()).contains("perplexity=", "random_perplexity=", "tokens_per_sec=");
    }

    @Test
    void parametersAreTheBooksCount() {
        Nd4j.getRandom().setSeed(1);
        long count = RnnScratch.getParams(28, 512).values().stream()
                .mapToLong(INDArray::length)
                .sum();
        assertThat(count).isEqualTo(291_356); // 28*512 + 512*512 + 512 + 512*28 + 28
    }

    @Test
    void oneCellMatchesFiniteDifferencesFromACarriedState() {
        checkGradient(1, Integer.MAX_VALUE); // every entry
    }

    /**
     * The book's 35 steps, at a seeded sample of 8 entries of each weight (its first and last among
     * them) and every entry of the biases: each probe runs the 35-step graph twice. Cost: about 8
     * s (26 s at every entry).
     */
    @Test
    void theWhole35StepLossMatchesFiniteDifferences() {
        checkGradient(35, 8);
    }

    /**
     * The mean loss over {@code steps} steps, from a fixed non-zero state, against central
     * differences at {@link GradientCheck#sample} of {@code perParam} entries of each parameter.
     */
    private static void checkGradient(int steps, int perParam) {
        RNNModelScratch net = small(3);
        INDArray X = tokens(4, 2, steps);
        INDArray Y = tokens(5, 2, steps);
        List<INDArray> carried = List.of(Nd4j.rand(DataType.FLOAT, 2, HIDDEN).subi(0.5));
        java.util.function.DoubleSupplier loss = () -> {
            net.setState(carried);
            return net.forwardBackward(X, Y);
        };
        loss.getAsDouble();
        Map<String, INDArray> analytic = Map.copyOf(net.gradientsByName());
        net.params()
                .forEach((name, p) -> GradientCheck.assertGradientInPlace(
                        steps + "-step " + name,
                        analytic.get(name),
                        p,
                        loss,
                        1e-2,
                        2e-2,
                        2e-4,
                        GradientCheck.sample(p.length(), perParam, name.hashCode())));
    }

    @Test
    void trainingChangesTheArraysEveryGraphReads() {
        RNNModelScratch net = small(6);
        net.beginState(1);
        INDArray before = net.predict(tokens(7, 1, 1)); // the one-step graph
        net.beginState(2);
        net.forwardBackward(tokens(8, 2, 4), tokens(9, 2, 4)); // the four-step graph
        net.update();
        net.beginState(1);
        INDArray after = net.predict(tokens(7, 1, 1));
        assertThat(after.equalsWithEps(before, 1e-6))
                .as("the one-step graph sees the update")
                .isFalse();
    }

    @Test
    void minibatchesTheBooksTextCannotHoldAreRefusedBeforeAnyData(@TempDir Path out) {
        assertThatThrownBy(() -> new RnnScratch.Config(null, 1000, 35, 512, 1, 1, 42, out))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("batchSize 1000 and numSteps 35 are too large for a corpus of 10000 tokens");
        assertThatThrownBy(() -> new RnnConcise.Config(null, 32, 400, 256, 1, 1, 42, out))
                .hasMessageContaining("batchSize 32 and numSteps 400 are too large");
    }

    @Test
    void aStateForAnotherBatchSizeIsRefused() {
        RNNModelScratch net = small(6);
        net.beginState(3);
        assertThatThrownBy(() -> net.forwardBackward(tokens(8, 2, 4), tokens(9, 2, 4)))
                .hasMessageContaining("the state is for 3 sequences but X has 2");
    }
}
