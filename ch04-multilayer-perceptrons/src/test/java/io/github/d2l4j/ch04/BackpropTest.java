package io.github.d2l4j.ch04;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class BackpropTest {

    @Test
    void handDerivedGradientsEqualSameDiffs() {
        Backprop.Result r = Backprop.run(new Backprop.Config(8, 5, 4, 3, 0.1, 3));
        assertThat(r.maxDifference()).containsOnlyKeys("W1", "W2");
        r.maxDifference().values().forEach(d -> assertThat(d).isLessThan(1e-12));
    }

    @Test
    void handDerivedGradientsMatchFiniteDifferences() {
        Backprop.Params p = Backprop.random(new Backprop.Config(6, 4, 3, 3, 0.5, 4));
        Map<String, INDArray> g = Backprop.byHand(p);
        double h = 1e-6;
        for (int[] at : new int[][] {{0, 0}, {2, 1}, {3, 2}}) {
            INDArray plus = p.W1().dup();
            INDArray minus = p.W1().dup();
            plus.putScalar(at[0], at[1], plus.getDouble(at[0], at[1]) + h);
            minus.putScalar(at[0], at[1], minus.getDouble(at[0], at[1]) - h);
            double fd = (Backprop.objective(new Backprop.Params(p.X(), p.Y(), plus, p.W2(), p.lambda()))
                            - Backprop.objective(new Backprop.Params(p.X(), p.Y(), minus, p.W2(), p.lambda())))
                    / (2 * h);
            assertThat(g.get("W1").getDouble(at[0], at[1])).isCloseTo(fd, within(1e-3 * Math.abs(fd) + 1e-7));
        }
    }
}
