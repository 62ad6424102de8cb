package io.github.d2l4j.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.d2l4j.ch07.ModernCnns;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Chapter 7's networks trained on real Fashion-MNIST at reduced settings (the book's take hours
 * per epoch on a CPU), each against the book's PyTorch code trained at the same settings with
 * three seeds: our test accuracy must be at least PyTorch's lowest minus 0.03, and so must our
 * training accuracy.
 *
 * <p><b>ResNet and DenseNet.</b> After these 120 steps at lr 0.05 and 0.1, the test accuracy of
 * the batch-norm networks swings from epoch to epoch on both sides (PyTorch, DenseNet, seed 44:
 * 0.31, 0.63, 0.50; over 5 epochs, seed 43: 0.31, 0.21, 0.49, 0.63, 0.47), while the training
 * accuracy climbs steadily: the moving
 * statistics that evaluation uses lag weights that still change fast. A final test accuracy is
 * then a draw, so for these two the bar is PyTorch's lowest test accuracy at the end of any
 * epoch of any seed, minus 0.03; the training accuracy carries the comparison.
 *
 * <p><b>GoogLeNet</b> ends 3 epochs near the plateau's edge, where the final test accuracy spreads
 * widely: PyTorch's seeds 42-49 give 0.485 to 0.641, and ours (seed 42) gave 0.657 on the day this
 * test was written and 0.517 on another machine of the same kind (oneDNN's kernels, and so the
 * rounding, differ with the CPU). Three PyTorch seeds (0.555-0.641) had too narrow a spread for a
 * bar, so 7.4 compares against eight.
 *
 * <p>Cost: about 12 minutes on the 2-core CI machine (18 on a slower day); tier 2.
 *
 * <p>The PyTorch figures come from {@code benchmarks/pytorch/modern.py}, the book's networks,
 * {@code init_weights} and {@code train_ch6}, on this 2-core machine, with the command in each
 * case's {@code torch} field (seeds 42, 43 and 44; PyTorch 1.13.1, Debian's python3-torch).
 */
@Tag("book")
@Tag("chapter7")
class ModernCnnBookIT {
    @TempDir
    Path out;

    /** PyTorch's lowest test accuracy at the end of any of the 3 epochs, seeds 42-44 (see above). */
    static final double RESNET_LOWEST_EPOCH_TEST_ACC = 0.3963; // seed 43, epoch 3

    static final double DENSENET_LOWEST_EPOCH_TEST_ACC = 0.2100; // seed 43, epoch 2

    /**
     * @param id the section
     * @param args the reduced settings, the same on both sides
     * @param torchTestAcc PyTorch's final test accuracy, seeds 42, 43, 44, ... (three, or more
     *     where three gave too narrow a picture)
     * @param torchTrainAcc PyTorch's final training accuracy, the same seeds
     * @param torchTestBar the test accuracy bar before the 0.03 margin: the lowest final one, or
     *     for the batch-norm networks the lowest at the end of any epoch of any seed
     */
    record Case(String id, List<String> args, double[] torchTestAcc, double[] torchTrainAcc, double torchTestBar) {
        Case(String id, List<String> args, double[] torchTestAcc, double[] torchTrainAcc) {
            this(
                    id,
                    args,
                    torchTestAcc,
                    torchTrainAcc,
                    Arrays.stream(torchTestAcc).min().orElseThrow());
        }

        String torch() {
            return "python3 benchmarks/pytorch/modern.py --setup " + id + " " + String.join(" ", args) + " --seed {42.."
                    + (41 + torchTestAcc.length) + "}";
        }

        @Override
        public String toString() {
            return id + " " + String.join(" ", args) + " (PyTorch " + Arrays.toString(torchTestAcc) + ")";
        }
    }

    /**
     * The reduced settings. The book's learning rates, except AlexNet's: at 0.01 PyTorch sits on
     * the loss plateau for all these 626 steps (test accuracy 0.17), where a comparison would
     * test nothing; 0.05 leaves it within the first epoch. Batch 32 where the book has 128, so
     * that 10,000 examples make 313 steps an epoch.
     */
    static Stream<Case> cases() {
        return Stream.of(
                new Case(
                        "7.1",
                        args("65", "32", "2", "--lr", "0.05"),
                        new double[] {0.6579, 0.6797, 0.6818},
                        new double[] {0.611, 0.598, 0.631}),
                new Case("7.2", args("64", "32", "2"), new double[] {0.6387, 0.6326, 0.6876}, new double[] {
                    0.576, 0.654, 0.478
                }),
                new Case("7.3", args("67", "32", "5"), new double[] {0.6967, 0.7049, 0.4109}, new double[] {
                    0.644, 0.640, 0.384
                }),
                // eight seeds: with three (0.555-0.641) ours once ended at 0.517, below the bar,
                // while seeds 45 and 46 of PyTorch end at 0.485 and 0.498
                new Case(
                        "7.4",
                        args("32", "32", "3"),
                        new double[] {0.6410, 0.5552, 0.6229, 0.4853, 0.4977, 0.5918, 0.6274, 0.5593},
                        new double[] {0.541, 0.494, 0.424, 0.558, 0.526, 0.546, 0.556, 0.553}),
                new Case(
                        "7.6",
                        args("32", "256", "3"),
                        new double[] {0.5317, 0.3963, 0.7534},
                        new double[] {0.831, 0.850, 0.855},
                        RESNET_LOWEST_EPOCH_TEST_ACC),
                new Case(
                        "7.7",
                        args("32", "256", "3"),
                        new double[] {0.3655, 0.4937, 0.5036},
                        new double[] {0.822, 0.836, 0.838},
                        DENSENET_LOWEST_EPOCH_TEST_ACC));
    }

    /** The first 10,000 training examples at {@code resize}, {@code batch} and {@code epochs}, and more. */
    private static List<String> args(String resize, String batch, String epochs, String... more) {
        List<String> args = new ArrayList<>(
                List.of("--resize", resize, "--train-size", "10000", "--batch-size", batch, "--epochs", epochs));
        args.addAll(List.of(more));
        return args;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void trainsAsWellAsPyTorchAtTheReducedSettings(Case c) throws Exception {
        List<String> args = new ArrayList<>(List.of("run", c.id(), "--seed", "42", "--out", out.toString()));
        args.addAll(c.args());
        SectionRun run = SectionRun.of(args.toArray(String[]::new));
        ModernCnns.Result r = (ModernCnns.Result) run.result();
        assertThat(r.trained().last().testAcc())
                .as("%s: test accuracy against PyTorch's bar (%s) minus 0.03", c, c.torch())
                .isGreaterThanOrEqualTo(c.torchTestBar() - 0.03);
        double lowestTrain = Arrays.stream(c.torchTrainAcc()).min().orElseThrow();
        assertThat(r.trained().last().trainAcc())
                .as("%s: training accuracy against PyTorch's lowest seed minus 0.03", c)
                .isGreaterThanOrEqualTo(lowestTrain - 0.03);
        assertThat(r.trained().last().trainLoss()).isFinite();
        SoftmaxRegressionIT.assertSummaryAgrees(run, r.trained());
        assertThat(run.printed("params")).isEqualTo(r.params());
    }
}
