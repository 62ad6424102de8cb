package io.github.d2l4j.common.rnn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.d2l4j.common.data.SeqDataLoader;
import io.github.d2l4j.common.data.Vocab;
import io.github.d2l4j.common.testing.NdAssert;
import java.util.List;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;

class TrainCh8Test {

    static Vocab vocab(String text) {
        return new Vocab(chars(text), 0, List.of());
    }

    static List<String> chars(String text) {
        return text.chars().mapToObj(c -> String.valueOf((char) c)).toList();
    }

    static RNNModel concise(int vocabSize, int hidden, double lr) {
        return new RNNModel(
                new TbpttSimpleRnn(
                        new SimpleRnn.Builder().nIn(vocabSize).nOut(hidden).activation(Activation.TANH)),
                vocabSize,
                new Sgd(lr),
                42);
    }

    @Test
    void clippingScalesEveryGradientToTheGlobalNormTheta() {
        List<INDArray> grads = List.of(Nd4j.createFromArray(3f, 0f), Nd4j.createFromArray(new float[][] {{0f, 4f}}));
        double norm = TrainCh8.clipByGlobalNorm(grads, 1);
        assertThat(norm).isCloseTo(5, within(1e-6));
        NdAssert.assertClose("first", grads.get(0), Nd4j.createFromArray(0.6f, 0f), 1e-6);
        NdAssert.assertClose("second", grads.get(1), Nd4j.createFromArray(new float[][] {{0f, 0.8f}}), 1e-6);
    }

    @Test
    void clippingLeavesASmallGradientAlone() {
        List<INDArray> grads = List.of(Nd4j.createFromArray(0.3f, 0f), Nd4j.createFromArray(0f, 0.4f));
        assertThat(TrainCh8.clipByGlobalNorm(grads, 1)).isCloseTo(0.5, within(1e-6));
        NdAssert.assertClose("unchanged", grads.get(0), Nd4j.createFromArray(0.3f, 0f), 0);
        NdAssert.assertClose("unchanged", grads.get(1), Nd4j.createFromArray(0f, 0.4f), 0);
    }

    @Test
    void clippingADl4jModelBringsItsWholeGradientToTheta() {
        Vocab vocab = vocab("abcdefgh");
        RNNModel net = concise(vocab.size(), 16, 1);
        net.beginState(2);
        INDArray X = Nd4j.createFromArray(new int[][] {{1, 2, 3}, {4, 5, 6}});
        net.forwardBackward(X, X.add(1));
        double before = TrainCh8.gradClipping(net, 1e-3);
        assertThat(before).isGreaterThan(1e-3);
        assertThat(net.net().getFlattenedGradients().norm2Number().doubleValue())
                .isCloseTo(1e-3, within(1e-9));
    }

    @Test
    void predictionIsThePrefixAndTheGeneratedCharacters() {
        Vocab vocab = vocab("time raveling");
        String p = TrainCh8.predictCh8("time traveller ", 10, concise(vocab.size(), 8, 1), vocab);
        assertThat(p).hasSize(25).startsWith("time traveller ");
        assertThatThrownBy(() -> TrainCh8.predictCh8("", 1, concise(vocab.size(), 8, 1), vocab))
                .hasMessageContaining("prefix");
    }

    @Test
    void aConciseModelLearnsARepeatingText() {
        String text = "the time traveller ".repeat(40);
        Vocab vocab = vocab(text);
        int[] corpus = chars(text).stream().mapToInt(vocab::get).toArray();
        SeqDataLoader iter = new SeqDataLoader(corpus, vocab, 4, 10, false, 1);
        TrainCh8.Result r = TrainCh8.trainCh8(concise(vocab.size(), 32, 1), iter, vocab, 30, false, null);
        assertThat(r.epochs().get(0).perplexity()).isGreaterThan(4);
        assertThat(r.perplexity()).as("perplexity after 30 epochs").isLessThan(1.5);
        assertThat(r.timeTraveller()).startsWith("time traveller").hasSize(64);
        assertThat(r.traveller()).hasSize(59);
    }

    @Test
    void epochsMustBePositive() {
        Vocab vocab = vocab("ab");
        SeqDataLoader iter = new SeqDataLoader(new int[] {1, 2, 1, 2, 1, 2, 1}, vocab, 1, 2, false, 1);
        assertThatThrownBy(() -> TrainCh8.trainCh8(concise(3, 4, 1), iter, vocab, 0, false, null))
                .hasMessageContaining("epochs must be positive, got 0");
    }
}
