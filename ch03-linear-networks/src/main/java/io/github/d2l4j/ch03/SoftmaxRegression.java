package io.github.d2l4j.ch03;

import io.github.d2l4j.common.section.BookSection;
import io.github.d2l4j.common.section.RunOptions;
import io.github.d2l4j.common.section.SectionResult;
import io.github.d2l4j.common.section.Summary;
import io.github.d2l4j.common.train.Scratch;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Softmax and cross-entropy, and why they are computed together. Written naively, \(
 * \mathrm{softmax}(o)_j = \exp(o_j) / \sum_k \exp(o_k) \) overflows in float32 once a logit passes
 * about 88, and \( -\log \hat{y}_j \) becomes \( -\log 0 = \infty \) once a probability underflows.
 * Subtracting \( \max_k o_k \) first, and computing \( \log \hat{y}_j = o_j - \max_k o_k - \log
 * \sum_k \exp(o_k - \max_k o_k) \) (LogSumExp), gives the same values without either problem. The
 * gradient of the combined loss is the famous \( \partial_{o} l = \mathrm{softmax}(o) - y \),
 * checked here against SameDiff.
 *
 * <p>D2L 3.4, Softmax Regression.
 */
@BookSection(
        id = "3.4",
        title = "Softmax Regression",
        page = "https://zh.d2l.ai/chapter_linear-networks/softmax-regression.html")
public final class SoftmaxRegression {
    private static final Logger LOG = LoggerFactory.getLogger(SoftmaxRegression.class);

    /** Logits large enough to break the naive formulas in float32. */
    public static final float[] LARGE_LOGITS = {50f, 120f, 0f};

    public record Config(long seed) {
        public static Config from(RunOptions o) {
            return new Config(o.seed(42));
        }
    }

    /**
     * @param exp50 exp(50) in float32: large but finite
     * @param exp100 exp(100) in float32: infinite
     * @param naiveSoftmax softmax of {@link #LARGE_LOGITS} from the definition (NaN from inf/inf)
     * @param stableSoftmax the same with the maximum subtracted
     * @param naiveLoss -log(softmax) of the smallest class, naive: infinite
     * @param stableLoss the same by LogSumExp: finite
     * @param maxGradientError max |SameDiff gradient - (softmax(o) - y)| on random logits
     */
    public record Result(
            float exp50,
            float exp100,
            float[] naiveSoftmax,
            float[] stableSoftmax,
            float naiveLoss,
            float stableLoss,
            double maxGradientError)
            implements SectionResult {
        @Override
        public Summary summary() {
            return Summary.of()
                    .add("naive_loss", naiveLoss)
                    .add("stable_loss", (double) stableLoss)
                    .add("max_gradient_error", maxGradientError);
        }
    }

    public static Result run(Config c) {
        float exp50 = (float) Math.exp(50);
        float exp100 = Transforms.exp(Nd4j.scalar(100f)).getFloat(0);
        LOG.info("exp(50) in float32 = {}, exp(100) in float32 = {}", exp50, exp100);

        INDArray o = Nd4j.createFromArray(LARGE_LOGITS).reshape(1, 3);
        INDArray naive = naiveSoftmax(o);
        INDArray stable = stableSoftmax(o);
        LOG.info("logits {}: naive softmax {}, stable softmax {}", o, naive, stable);

        // The loss of the class with logit 0: its probability e^-120 underflows to 0 in float32.
        float naiveLoss = -(float) Math.log(stableSoftmax(o).getFloat(0, 2));
        float stableLoss = logSoftmax(o).getFloat(0, 2) * -1;
        LOG.info("-log(softmax) of the last class: naive {}, LogSumExp {}", naiveLoss, stableLoss);

        Nd4j.getRandom().setSeed(c.seed());
        INDArray logits = Nd4j.randn(DataType.DOUBLE, 4, 5);
        INDArray y = Nd4j.zeros(DataType.DOUBLE, 4, 5);
        for (int i = 0; i < 4; i++) {
            y.putScalar(i, i % 5, 1.0);
        }
        INDArray autodiff = crossEntropyGradient(logits, y);
        INDArray formula = stableSoftmax(logits).sub(y);
        double err = autodiff.sub(formula).amaxNumber().doubleValue();
        LOG.info("gradient of the cross-entropy: SameDiff vs softmax(o) - y, max difference {}", err);
        return new Result(exp50, exp100, naive.toFloatVector(), stable.toFloatVector(), naiveLoss, stableLoss, err);
    }

    /** \( \exp(o) / \sum \exp(o) \), row by row, exactly as defined. */
    public static INDArray naiveSoftmax(INDArray o) {
        INDArray e = Transforms.exp(o, true);
        return e.divColumnVector(e.sum(true, 1));
    }

    /** The same after subtracting each row's maximum, which changes nothing mathematically. */
    public static INDArray stableSoftmax(INDArray o) {
        return naiveSoftmax(o.subColumnVector(o.max(true, 1)));
    }

    /** \( \log \mathrm{softmax}(o) = o - \max o - \log \sum \exp(o - \max o) \): the LogSumExp trick. */
    public static INDArray logSoftmax(INDArray o) {
        INDArray shifted = o.subColumnVector(o.max(true, 1));
        return shifted.subColumnVector(
                Transforms.log(Transforms.exp(shifted, true).sum(true, 1), false));
    }

    /**
     * The gradient of \( l = \sum_i \left(\log\sum_k \exp(o_{ik}) - \sum_j y_{ij} o_{ij}\right) \)
     * with respect to o, from SameDiff.
     */
    public static INDArray crossEntropyGradient(INDArray logits, INDArray y) {
        SameDiff sd = SameDiff.create();
        SDVariable o = sd.var("o", logits.dup());
        SDVariable labels = sd.constant("y", y);
        // d2l-common's LogSumExp cross-entropy, the loss the later sections train with
        SDVariable loss = Scratch.softmaxCrossEntropy(o, labels).sum("loss");
        sd.setLossVariables(loss);
        return sd.calculateGradients(Map.of(), "o").get("o");
    }
}
