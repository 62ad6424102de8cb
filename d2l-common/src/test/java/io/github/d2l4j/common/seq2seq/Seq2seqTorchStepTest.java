package io.github.d2l4j.common.seq2seq;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.d2l4j.common.data.MachineTranslation;
import io.github.d2l4j.common.rnn.TrainCh8;
import io.github.d2l4j.common.testing.NdAssert;
import io.github.d2l4j.common.train.TorchAdam;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The model and the training step of 9.7 against PyTorch's: two steps of the book's {@code train_seq2seq},
 * taken in PyTorch on a tiny model from the same parameters and minibatches
 * ({@code benchmarks/pytorch/seq2seq_step_fixture.py} wrote {@code torch-step.txt}): the summed loss,
 * every gradient (nn.GRU's formula, the embeddings, the context, the masked loss), and the parameters
 * after global-norm clipping (active in the first step: the norm is 1.046) and Adam. Dropout is 0, the
 * only difference left between the two trainings being their random draws.
 */
class Seq2seqTorchStepTest {
    private static final int BOS = 2;
    private static Map<String, INDArray> torch;

    @BeforeAll
    static void readFixture() throws IOException {
        torch = new LinkedHashMap<>();
        try (InputStream in = Seq2seqTorchStepTest.class.getResourceAsStream("torch-step.txt");
                BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                String[] f = line.split("\\|", -1); // name|shape|values
                long[] shape = f[1].isEmpty()
                        ? new long[0]
                        : Arrays.stream(f[1].split(","))
                                .mapToLong(Long::parseLong)
                                .toArray();
                double[] values = Arrays.stream(f[2].split(" "))
                        .mapToDouble(Double::parseDouble)
                        .toArray();
                torch.put(f[0], Nd4j.createFromArray(values).reshape(shape));
            }
        }
    }

    private static EncoderDecoder torchInitialised() {
        EncoderDecoder net = new EncoderDecoder(new Seq2SeqEncoder(7, 4, 5, 2, 0), new Seq2SeqDecoder(8, 4, 5, 2, 0));
        net.namedParameters().forEach((name, p) -> p.assign(torch.get("init." + name)));
        return net;
    }

    private static MachineTranslation.Batch batch(int step) {
        return new MachineTranslation.Batch(
                torch.get("step" + step + ".X"),
                torch.get("step" + step + ".X_valid_len"),
                torch.get("step" + step + ".Y"),
                torch.get("step" + step + ".Y_valid_len"));
    }

    @Test
    void theGradientsAreNnGrusAndTheBooksLoss() {
        EncoderDecoder net = torchInitialised();
        SameDiff sd = SameDiff.create();
        SDVariable X = sd.placeHolder("X", DataType.INT32, -1, 4);
        SDVariable XValidLen = sd.placeHolder("X_valid_len", DataType.INT32, -1);
        SDVariable decX = sd.placeHolder("dec_X", DataType.INT32, -1, 4);
        SDVariable Y = sd.placeHolder("Y", DataType.INT32, -1, 4);
        SDVariable YValidLen = sd.placeHolder("Y_valid_len", DataType.INT32, -1);
        sd.setLossVariables(new MaskedSoftmaxCELoss(8)
                .forward(net.forward(X, decX, XValidLen).output(), Y, YValidLen)
                .sum("l_sum"));
        MachineTranslation.Batch b = batch(0);
        INDArray y = b.Y().castTo(DataType.INT32);
        Map<String, INDArray> feed = new HashMap<>();
        feed.put("X", b.X().castTo(DataType.INT32));
        feed.put("X_valid_len", b.XValidLen().castTo(DataType.INT32));
        feed.put(
                "dec_X",
                Nd4j.concat( // teacher forcing: <bos>, then the target but its last token
                        1,
                        Nd4j.valueArrayOf(new long[] {y.size(0), 1}, BOS, DataType.INT32),
                        y.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 3))));
        feed.put("Y", y);
        feed.put("Y_valid_len", b.YValidLen().castTo(DataType.INT32));

        assertThat(sd.output(feed, "l_sum").get("l_sum").getDouble(0))
                .isCloseTo(torch.get("step0.l_sum").getDouble(0), org.assertj.core.data.Offset.offset(1e-5));
        Map<String, INDArray> params = net.namedParameters();
        List<String> vars = Seq2seqFixtures.variableNames(sd, params);
        Map<String, INDArray> grads = sd.calculateGradients(feed, vars.toArray(String[]::new));
        int i = 0;
        for (String name : params.keySet()) {
            NdAssert.assertClose(name, grads.get(vars.get(i++)), torch.get("step0.grad." + name), 1e-5);
        }
        assertThat(i).isEqualTo(20);
    }

    @Test
    void twoStepsOfTrainSeq2seqAreTorchsClippedAdamSteps() {
        EncoderDecoder net = torchInitialised();
        net.train(true);
        MaskedSoftmaxCELoss loss = new MaskedSoftmaxCELoss(8);
        TorchAdam adam = new TorchAdam(0.005);
        TrainSeq2seq.TrainingGraph g = TrainSeq2seq.TrainingGraph.build(net, loss, batch(0));
        for (int step = 0; step < 2; step++) {
            double lSum = g.step(batch(step), BOS, adam);
            assertThat(lSum)
                    .as("step %d", step)
                    .isCloseTo(
                            torch.get("step" + step + ".l_sum").getDouble(0),
                            org.assertj.core.data.Offset.offset(1e-5));
            for (Map.Entry<String, INDArray> p : net.namedParameters().entrySet()) {
                NdAssert.assertClose(
                        "step " + step + " " + p.getKey(),
                        p.getValue(),
                        torch.get("step" + step + ".after." + p.getKey()),
                        1e-6);
            }
        }
    }

    @Test
    void clippingActsInTheFirstStepOnly() { // so that the fixture tests the clipping at all
        EncoderDecoder net = torchInitialised();
        List<INDArray> grads = net.namedParameters().keySet().stream()
                .map(n -> torch.get("step0.grad." + n).dup())
                .toList();
        assertThat(TrainCh8.clipByGlobalNorm(grads, 1)).isGreaterThan(1.0);
    }
}
