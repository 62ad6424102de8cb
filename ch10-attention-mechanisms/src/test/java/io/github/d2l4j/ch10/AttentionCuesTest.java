package io.github.d2l4j.ch10;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** 10.1: the identity matrix's heatmap is a PNG in the output directory, its path in the result line. */
class AttentionCuesTest {

    @Test
    void theIdentityHeatmapIsWrittenAndNamed(@TempDir Path dir) throws Exception {
        AttentionCues.Result r = AttentionCues.run(new AttentionCues.Config(dir));
        assertThat(r.heatmap()).isEqualTo(dir.resolve("10.1-eye.png")).isRegularFile();
        BufferedImage img = ImageIO.read(r.heatmap().toFile());
        assertThat(img.getWidth()).isGreaterThan(100);
        assertThat(r.summary().toString()).isEqualTo("heatmap=" + dir.resolve("10.1-eye.png"));
    }
}
