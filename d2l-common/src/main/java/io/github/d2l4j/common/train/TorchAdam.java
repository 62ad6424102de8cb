package io.github.d2l4j.common.train;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * PyTorch's {@code torch.optim.Adam(params, lr)} with its defaults, betas (0.9, 0.999), eps 1e-8,
 * no weight decay, written out on ND4J arrays and changing the parameters in place:
 *
 * <p>\( m \leftarrow \beta_1 m + (1 - \beta_1) g \), \( v \leftarrow \beta_2 v + (1 - \beta_2) g^2
 * \), \( p \leftarrow p - \frac{\eta}{1 - \beta_1^t} \, m / (\sqrt{v} / \sqrt{1 - \beta_2^t} +
 * \epsilon) \).
 *
 * <p>ND4J's {@code Adam} has the same defaults but adds eps before the bias correction of v, which
 * makes its eps effectively \( \epsilon / \sqrt{1 - \beta_2^t} \) in PyTorch's terms (31 times
 * larger at the first step); this class follows PyTorch. (The book's own {@code adam} of D2L 11.10
 * uses eps 1e-6.)
 */
public final class TorchAdam {
    private final double lr;
    private final double beta1 = 0.9;
    private final double beta2 = 0.999;
    private final double eps = 1e-8;
    private final Map<INDArray, INDArray[]> moments = new IdentityHashMap<>();
    private long t;

    public TorchAdam(double lr) {
        Scratch.requirePositive(lr, "learning rate");
        this.lr = lr;
    }

    /** One step over the parameters and their gradients, paired by position. */
    public void step(List<INDArray> params, List<INDArray> grads) {
        if (params.size() != grads.size()) {
            throw new IllegalArgumentException(params.size() + " parameters but " + grads.size() + " gradients");
        }
        t++;
        double biasCorrection1 = 1 - Math.pow(beta1, t);
        double biasCorrection2 = 1 - Math.pow(beta2, t);
        for (int i = 0; i < params.size(); i++) {
            INDArray p = params.get(i);
            INDArray g = grads.get(i);
            INDArray[] mv = moments.computeIfAbsent(p, k -> new INDArray[] {Nd4j.zerosLike(k), Nd4j.zerosLike(k)});
            INDArray m = mv[0].muli(beta1).addi(g.mul(1 - beta1));
            INDArray v = mv[1].muli(beta2).addi(g.mul(g).muli(1 - beta2));
            INDArray denom =
                    Transforms.sqrt(v, true).divi(Math.sqrt(biasCorrection2)).addi(eps);
            p.subi(m.div(denom).muli(lr / biasCorrection1));
        }
    }

    /** The number of steps taken, PyTorch's {@code state['step']}. */
    public long steps() {
        return t;
    }
}
