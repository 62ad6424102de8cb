package io.github.d2l4j.common.seq2seq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.d2l4j.common.attention.Seq2SeqAttentionDecoder;
import io.github.d2l4j.common.attention.TransformerDecoder;
import io.github.d2l4j.common.attention.TransformerEncoder;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The models of 9.7, 10.4 and 10.7 and the training step against PyTorch's: two steps of the book's
 * {@code train_seq2seq}, taken in PyTorch on tiny versions of the book's models from the same
 * parameters and minibatches ({@code benchmarks/pytorch/seq2seq_step_fixture.py} wrote {@code
 * torch-step-*.txt}): the summed loss, every gradient (nn.GRU's formula, the embeddings, the context,
 * the additive and multi-head attention with their masks, layer norm, the positional encoding, the
 * masked loss), and the parameters after global-norm clipping (active in the first step of each)
 * and Adam. Dropout is 0, so the only difference left between a Java and a PyTorch training run is
 * their random draws.
 */
class Seq2seqTorchStepTest {
    private static final int BOS = 2;
    private static final int STEPS = 4;

    /** The fixture's arrays by name: {@code init.*}, {@code step0.X}, {@code step0.grad.*}, ... */
    private static Map<String, INDArray> read(String model) throws IOException {
        Map<String, INDArray> torch = new LinkedHashMap<>();
        try (InputStream in = Seq2seqTorchStepTest.class.getResourceAsStream("torch-step-" + model + ".txt");
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
        return torch;
    }

    /** The fixture's tiny model (source vocabulary 7, target 8, dropout 0), in Java. */
    private static EncoderDecoder model(String model) {
        return switch (model) {
            case "9.7" -> new EncoderDecoder(new Seq2SeqEncoder(7, 4, 5, 2, 0), new Seq2SeqDecoder(8, 4, 5, 2, 0));
            case "10.4" ->
                new EncoderDecoder(new Seq2SeqEncoder(7, 4, 5, 2, 0), new Seq2SeqAttentionDecoder(8, 4, 5, 2, 0));
            case "10.7" ->
                new EncoderDecoder(
                        new TransformerEncoder(7, 8, 8, 8, 8, new long[] {8}, 8, 16, 2, 2, 0),
                        new TransformerDecoder(8, 8, 8, 8, 8, new long[] {8}, 8, 16, 2, 2, 0));
            default -> throw new IllegalArgumentException(model);
        };
    }

    /** PyTorch's name of a Java parameter: the book's blocks are {@code blks.block0}, ours {@code blks.0}. */
    private static String torchName(String javaName) {
        return javaName.replaceAll("blks\\.(\\d+)\\.", "blks.block$1.");
    }

    /** The model with PyTorch's initial parameters; every parameter must have its PyTorch twin. */
    private static EncoderDecoder torchInitialised(String model, Map<String, INDArray> torch) {
        EncoderDecoder net = model(model);
        long torchParams =
                torch.keySet().stream().filter(k -> k.startsWith("init.")).count();
        assertThat(net.namedParameters()).as("parameters of %s", model).hasSize((int) torchParams);
        net.namedParameters().forEach((name, p) -> {
            INDArray t = torch.get("init." + torchName(name));
            assertThat(t).as("PyTorch has %s", name).isNotNull();
            p.assign(t);
        });
        return net;
    }

    private static MachineTranslation.Batch batch(Map<String, INDArray> torch, int step) {
        return new MachineTranslation.Batch(
                torch.get("step" + step + ".X"),
                torch.get("step" + step + ".X_valid_len"),
                torch.get("step" + step + ".Y"),
                torch.get("step" + step + ".Y_valid_len"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"9.7", "10.4", "10.7"})
    void theLossAndEveryGradientAreTorchs(String model) throws IOException {
        Map<String, INDArray> torch = read(model);
        EncoderDecoder net = torchInitialised(model, torch);
        SameDiff sd = SameDiff.create();
        SDVariable X = sd.placeHolder("X", DataType.INT32, -1, STEPS);
        SDVariable XValidLen = sd.placeHolder("X_valid_len", DataType.INT32, -1);
        SDVariable decX = sd.placeHolder("dec_X", DataType.INT32, -1, STEPS);
        SDVariable Y = sd.placeHolder("Y", DataType.INT32, -1, STEPS);
        SDVariable YValidLen = sd.placeHolder("Y_valid_len", DataType.INT32, -1);
        sd.setLossVariables(new MaskedSoftmaxCELoss(8)
                .forward(net.forward(X, decX, XValidLen).output(), Y, YValidLen)
                .sum("l_sum"));
        MachineTranslation.Batch b = batch(torch, 0);
        INDArray y = b.Y().castTo(DataType.INT32);
        Map<String, INDArray> feed = new HashMap<>();
        feed.put("X", b.X().castTo(DataType.INT32));
        feed.put("X_valid_len", b.XValidLen().castTo(DataType.INT32));
        feed.put(
                "dec_X",
                Nd4j.concat( // teacher forcing: <bos>, then the target but its last token
                        1,
                        Nd4j.valueArrayOf(new long[] {y.size(0), 1}, BOS, DataType.INT32),
                        y.get(NDArrayIndex.all(), NDArrayIndex.interval(0, STEPS - 1))));
        feed.put("Y", y);
        feed.put("Y_valid_len", b.YValidLen().castTo(DataType.INT32));

        assertThat(sd.output(feed, "l_sum").get("l_sum").getDouble(0))
                .isCloseTo(torch.get("step0.l_sum").getDouble(0), within(1e-5));
        Map<String, INDArray> params = net.namedParameters();
        List<String> vars = Seq2seqFixtures.variableNames(sd, params);
        Map<String, INDArray> grads = sd.calculateGradients(feed, vars.toArray(String[]::new));
        int i = 0;
        for (String name : params.keySet()) {
            NdAssert.assertClose(
                    model + " " + name, grads.get(vars.get(i++)), torch.get("step0.grad." + torchName(name)), 1e-5);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"9.7", "10.4", "10.7"})
    void twoStepsOfTrainSeq2seqAreTorchsClippedAdamSteps(String model) throws IOException {
        Map<String, INDArray> torch = read(model);
        EncoderDecoder net = torchInitialised(model, torch);
        // the fixture tests the clipping at all: the first step's gradient norm is above 1
        List<INDArray> grads0 = net.namedParameters().keySet().stream()
                .map(n -> torch.get("step0.grad." + torchName(n)).dup())
                .toList();
        assertThat(TrainCh8.clipByGlobalNorm(grads0, 1)).isGreaterThan(1.0);

        net.train(true);
        TorchAdam adam = new TorchAdam(0.005);
        TrainSeq2seq.TrainingGraph g =
                TrainSeq2seq.TrainingGraph.build(net, new MaskedSoftmaxCELoss(8), batch(torch, 0));
        for (int step = 0; step < 2; step++) {
            double lSum = g.step(batch(torch, step), BOS, adam);
            assertThat(lSum)
                    .as("%s step %d", model, step)
                    .isCloseTo(torch.get("step" + step + ".l_sum").getDouble(0), within(1e-5));
            for (Map.Entry<String, INDArray> p : net.namedParameters().entrySet()) {
                assertAdamStepClose(model + " step " + step + " " + p.getKey(), p.getValue(), torch, p.getKey(), step);
            }
        }
    }

    /**
     * The parameter after Adam's step {@code step} equals PyTorch's to 1e-6, except where one of its
     * gradients so far is below 1e-6: there Adam's step, lr g / (|g| + 1e-8), turns the gradients' float
     * rounding (about 1e-9, within the 1e-5 that the gradient test allows) into a visibly different
     * step, so such an element is only held to Adam's largest move, lr per step.
     */
    private static void assertAdamStepClose(
            String what, INDArray actual, Map<String, INDArray> torch, String name, int step) {
        INDArray expected = torch.get("step" + step + ".after." + torchName(name));
        assertThat(actual.shape()).as(what).containsExactly(expected.shape());
        INDArray a = actual.reshape(actual.length());
        INDArray e = expected.reshape(expected.length());
        for (long i = 0; i < e.length(); i++) {
            double smallestGrad = Double.MAX_VALUE;
            for (int s = 0; s <= step; s++) {
                smallestGrad = Math.min(
                        smallestGrad,
                        Math.abs(torch.get("step" + s + ".grad." + torchName(name))
                                .reshape(e.length())
                                .getDouble(i)));
            }
            double tol = smallestGrad > 1e-6 ? 1e-6 : 0.005 * (step + 1);
            assertThat(a.getDouble(i)).as("%s, element %d", what, i).isCloseTo(e.getDouble(i), within(tol));
        }
    }
}
