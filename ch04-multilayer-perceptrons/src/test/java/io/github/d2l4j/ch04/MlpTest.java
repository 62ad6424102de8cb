package io.github.d2l4j.ch04;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class MlpTest {
    @TempDir
    Path out;

    @Test
    void derivativesAtZeroAndPlots() throws Exception {
        Mlp.Result r = Mlp.run(new Mlp.Config(out));
        assertThat(r.gradAtZero().get("relu")).isZero();
        assertThat(r.gradAtZero().get("sigmoid")).isCloseTo(0.25, within(1e-12));
        assertThat(r.gradAtZero().get("tanh")).isCloseTo(1.0, within(1e-12));
        assertThat(r.plots()).hasSize(3);
        for (Path p : r.plots()) {
            assertThat(ImageIO.read(p.toFile())).isNotNull();
        }
    }

    @Test
    void reluGradientIsAStep() {
        INDArray g = Mlp.grad(Mlp.ACTIVATIONS.get("relu"), Nd4j.createFromArray(-2.0, -0.1, 0.0, 0.1, 3.0));
        assertThat(g.toDoubleVector()).containsExactly(0, 0, 0, 1, 1);
    }

    @Test
    void sigmoidAndTanhGradientsMatchFiniteDifferences() {
        INDArray x = Nd4j.createFromArray(-3.0, -0.5, 0.7, 2.0);
        double h = 1e-5;
        for (String f : new String[] {"sigmoid", "tanh"}) {
            INDArray g = Mlp.grad(Mlp.ACTIVATIONS.get(f), x);
            INDArray fd = Mlp.value(Mlp.ACTIVATIONS.get(f), x.add(h))
                    .sub(Mlp.value(Mlp.ACTIVATIONS.get(f), x.sub(h)))
                    .div(2 * h);
            for (int i = 0; i < 4; i++) {
                assertThat(g.getDouble(i)).as(f).isCloseTo(fd.getDouble(i), within(1e-3 * Math.abs(fd.getDouble(i))));
            }
        }
    }

    @Test
    void arangeHitsZeroExactly() {
        INDArray x = Mlp.arange(-8, 8, 0.1);
        assertThat(x.length()).isEqualTo(160);
        assertThat(x.getDouble(80)).isEqualTo(0.0);
    }
}
