package io.github.d2l4j.ch05;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

class ReadWriteTest {
    @TempDir
    Path dir;

    @Test
    void arraysListsMapsAndModelsComeBackExactly() throws IOException {
        ReadWrite.Result r = ReadWrite.run(new ReadWrite.Config(1, dir));
        assertThat(r.x2().toDoubleVector()).containsExactly(0, 1, 2, 3);
        assertThat(r.pair()).hasSize(2);
        assertThat(r.pair().get(1).toDoubleVector()).containsExactly(0, 0, 0, 0);
        assertThat(r.dict().keySet()).containsExactly("x", "y");
        assertThat(r.dl4jCloneEqual()).isTrue();
        assertThat(r.serializerCloneEqual()).isTrue();
        assertThat(r.sameDiffCloneEqual()).isTrue();
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".part"));
        }
    }

    @Test
    void aTruncatedOrCorruptFileIsAClearErrorAndNothingIsHalfLoaded() throws IOException {
        Path file = dir.resolve("two");
        ReadWrite.save(file, Map.of("a", Nd4j.rand(DataType.FLOAT, 50, 50)));
        byte[] bytes = Files.readAllBytes(file);
        Path cut = Files.write(dir.resolve("cut"), Arrays.copyOf(bytes, bytes.length / 2));
        assertThatThrownBy(() -> ReadWrite.load(cut))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith(cut.toString());
        Path junk = Files.writeString(dir.resolve("junk"), "not arrays at all");
        assertThatThrownBy(() -> ReadWrite.load(junk)).hasMessageStartingWith(junk.toString());
        Path longer = dir.resolve("longer");
        Files.write(longer, bytes);
        Files.write(longer, new byte[] {1, 2, 3}, java.nio.file.StandardOpenOption.APPEND);
        assertThatThrownBy(() -> ReadWrite.load(longer)).hasMessageContaining("unexpected bytes after 1 arrays");
        assertThatThrownBy(() -> ReadWrite.load(dir.resolve("missing")))
                .hasMessageStartingWith(dir.resolve("missing").toString());
        assertThat(ReadWrite.load(file).get("a").shape()).containsExactly(50, 50); // the good one still loads
    }
}
