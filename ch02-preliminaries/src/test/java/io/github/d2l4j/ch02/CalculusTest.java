package io.github.d2l4j.ch02;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CalculusTest {
    @TempDir
    Path out;

    @Test
    void limitsApproachTwoAndThePlotIsAnImage() throws Exception {
        Calculus.Result r = Calculus.run(new Calculus.Config(out));
        String[] printed = java.util.Arrays.stream(r.limits())
                .mapToObj(v -> String.format("%.5f", v))
                .toArray(String[]::new);
        assertThat(printed).containsExactly("2.30000", "2.03000", "2.00300", "2.00030", "2.00003");
        assertThat(ImageIO.read(r.plot().toFile())).isNotNull();
    }
}
