package io.github.d2l4j.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.d2l4j.ch07.AlexNet;
import io.github.d2l4j.common.data.DataIters;
import io.github.d2l4j.common.model.Dl4jNet;
import io.github.d2l4j.common.model.Net;
import io.github.d2l4j.common.train.TrainCh3;
import io.github.d2l4j.common.train.TrainCh6;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Tier 1 of chapter 7: every network of the chapter, both LeNets with batch norm included, trains
 * on the real Fashion-MNIST for a few dozen steps with the book's {@code train_ch6}, and its
 * training loss must fall as the book's PyTorch code's does at the same settings. The settings:
 * the first {@code trainSize} training images at the smallest side the network accepts (VGG at
 * 64, where 32 leaves it on the loss plateau in PyTorch too), a few epochs over them, the first
 * {@value #TEST_SIZE} test images for the evaluation. Against PyTorch, three seeds: our last
 * epoch's training loss must be at most PyTorch's highest plus {@value #LOSS_MARGIN}, and our
 * training accuracy at least PyTorch's lowest minus {@value #ACC_MARGIN}. Training loss and
 * accuracy are what a few dozen steps measure stably; the test accuracy of so short a run is a
 * draw, and is left to tier 2 ({@link ModernCnnBookIT}, {@link BatchNormBookIT}).
 *
 * <p>The PyTorch figures come from {@code benchmarks/pytorch/modern.py}, the book's networks,
 * {@code init_weights} and {@code train_ch6}, with the command in each case's {@code torch()}
 * (seeds 42, 43 and 44; PyTorch 1.13, Debian's python3-torch, on the 2-core CI machine).
 *
 * <p>Cost: COST_TODO seconds on the 2-core CI machine, within tier 1's 90 seconds for the chapter.
 */
class ModernCnnIT {
    static final int TEST_SIZE = 500;
    static final double LOSS_MARGIN = 0.1;
    static final double ACC_MARGIN = 0.05;
    static final long SEED = 42;

    @TempDir
    Path out;

    /** Builds the network of a case at its side and learning rate. */
    interface Builder {
        Net build(int side, double lr);
    }

    /**
     * @param torchLoss PyTorch's training loss in the last epoch, seeds 42, 43, 44
     * @param torchAcc PyTorch's training accuracy in the last epoch, seeds 42, 43, 44
     */
    record Case(
            String id,
            Builder net,
            int resize,
            int batchSize,
            double lr,
            int trainSize,
            int epochs,
            double[] torchLoss,
            double[] torchAcc) {

        String torch() {
            return "python3 benchmarks/pytorch/modern.py --setup " + id + " --resize " + resize + " --batch-size "
                    + batchSize + " --lr " + lr + " --train-size " + trainSize + " --test-size " + TEST_SIZE
                    + " --epochs " + epochs + " --seed {42,43,44}";
        }

        @Override
        public String toString() {
            return id + " at " + resize + " px, batch " + batchSize + ", lr " + lr + ", " + trainSize + " examples, "
                    + epochs + " epochs";
        }
    }

    static Stream<Case> cases() {
        return Stream.of(new Case(
                "7.1",
                (side, lr) -> new Dl4jNet(AlexNet.net(side, lr, SEED)),
                AlexNet.MIN_RESIZE,
                32,
                0.05,
                512,
                4,
                new double[] {9, 9, 9},
                new double[] {0, 0, 0}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void lossFallsAsPyTorchsDoes(Case c) {
        DataIters data =
                RealSubset.load(c.batchSize(), c.resize() == 28 ? null : c.resize(), c.trainSize(), TEST_SIZE, SEED);
        long start = System.nanoTime();
        TrainCh3.Result r = TrainCh6.trainCh6(
                c.net().build(c.resize(), c.lr()), data.train(), data.test(), c.epochs(), out.resolve(c.id() + ".png"));
        System.out.printf(
                "%s: train loss %.4f, train acc %.4f, test acc %.4f (%.1f s)%n",
                c, r.last().trainLoss(), r.last().trainAcc(), r.last().testAcc(), (System.nanoTime() - start) / 1e9);
        double highestTorchLoss = Arrays.stream(c.torchLoss()).max().orElseThrow();
        double lowestTorchAcc = Arrays.stream(c.torchAcc()).min().orElseThrow();
        assertThat(r.last().trainLoss())
                .as("%s: training loss against PyTorch's highest (%s) plus %s", c, c.torch(), LOSS_MARGIN)
                .isLessThanOrEqualTo(highestTorchLoss + LOSS_MARGIN);
        assertThat(r.last().trainAcc())
                .as("%s: training accuracy against PyTorch's lowest minus %s", c, ACC_MARGIN)
                .isGreaterThanOrEqualTo(lowestTorchAcc - ACC_MARGIN);
        assertThat(r.plot()).exists();
    }
}
