package io.github.d2l4j.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.d2l4j.ch03.ImageClassificationDataset;
import io.github.d2l4j.common.data.FashionMnist;
import io.github.d2l4j.common.data.FashionMnistFiles;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real files: what the resolver finds, their contents, and section 3.5 on them.
 *
 * <p>Cost: about 1.5 seconds on the 2-core CI machine; tier 1.
 */
class FashionMnistIT {
    @TempDir
    Path out;

    /** SHA-256 of the decompressed official files (shared/DATA.md). */
    static final Map<String, String> SHA256 = Map.of(
            "train-images-idx3-ubyte", "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888",
            "train-labels-idx1-ubyte", "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9",
            "t10k-images-idx3-ubyte", "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b",
            "t10k-labels-idx1-ubyte", "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34");

    @Test
    void resolvedFilesAreTheOfficialOnes() throws Exception {
        Path dir = FashionMnistFiles.resolve(FashionMnistFiles.Sources.defaults());
        System.out.println("Fashion-MNIST resolved to " + dir);
        for (Map.Entry<String, String> f : SHA256.entrySet()) {
            Path file = FashionMnistFiles.find(dir, f.getKey()).orElseThrow();
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            boolean gz = file.toString().endsWith(".gz");
            try (InputStream raw = Files.newInputStream(file);
                    InputStream in = new DigestInputStream(gz ? new GZIPInputStream(raw) : raw, sha)) {
                in.transferTo(java.io.OutputStream.nullOutputStream());
            }
            assertThat(HexFormat.of().formatHex(sha.digest()))
                    .as(file.toString())
                    .isEqualTo(f.getValue());
        }
        FashionMnist.Split train = FashionMnist.load(dir, true);
        int[] perClass = new int[10];
        for (int label : train.labels()) {
            perClass[label]++;
        }
        assertThat(perClass).containsOnly(6000);
    }

    @Test
    void section35SeesTheFullDataSet() {
        SectionRun run = SectionRun.of("run", "3.5", "--out", out.toString());
        ImageClassificationDataset.Result r = (ImageClassificationDataset.Result) run.result();
        assertThat(r.trainSize()).isEqualTo(60_000);
        assertThat(r.testSize()).isEqualTo(10_000);
        assertThat(r.sampleShape()).containsExactly(1, 28, 28);
        assertThat(r.resizedShape()).containsExactly(32, 1, 64, 64);
        assertThat(run.summary()).containsEntry("train", "60000");
    }
}
