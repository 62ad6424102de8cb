package io.github.d2l4j.ch03;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.d2l4j.common.testing.TinyFashionMnist;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(TinyFashionMnist.class)
class ImageClassificationDatasetTest {
    @TempDir
    Path out;

    @Test
    void readsShowsAndResizes() throws Exception {
        ImageClassificationDataset.Result r =
                ImageClassificationDataset.run(new ImageClassificationDataset.Config(256, 64, 1, out));
        assertThat(r.trainSize()).isEqualTo(600);
        assertThat(r.testSize()).isEqualTo(200);
        assertThat(r.sampleShape()).containsExactly(1, 28, 28);
        assertThat(r.labels()).hasSize(18).allMatch(io.github.d2l4j.common.data.FashionMnist.TEXT_LABELS::contains);
        assertThat(r.resizedShape()).containsExactly(32, 1, 64, 64);
        assertThat(r.labelShape()).containsExactly(32);
        var img = ImageIO.read(r.images().toFile());
        assertThat(img.getWidth()).isEqualTo(9 * 150);
    }
}
