package io.github.d2l4j.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** ./d2l run 3.7 | head -1: a reader that has gone stops the run; a full disk does not. */
class ClosedPipeTest {

    /** A stream whose writes fail with {@code message}. */
    static OutputStream failing(String message) {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException(message);
            }
        };
    }

    @Test
    void aClosedPipeIsNoticedOnceAndLaterOutputDropped() throws IOException {
        AtomicInteger calls = new AtomicInteger();
        ClosedPipe pipe = new ClosedPipe(failing("Broken pipe"), false, calls::incrementAndGet);
        PrintStream out = new QuietStdout(pipe);
        out.println("epoch 1, train loss 0.5");
        out.println("epoch 2, train loss 0.4");
        out.write("logged bytes\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        out.flush();
        assertThat(pipe.closed()).isTrue();
        assertThat(calls).hasValue(1);
    }

    /** In another language the message is not "Broken pipe"; a failed write to a pipe still is. */
    @Test
    void anyWriteErrorOnAPipeIsAClosedPipe() {
        AtomicInteger calls = new AtomicInteger();
        ClosedPipe pipe = new ClosedPipe(failing("Datenübergabe unterbrochen"), true, calls::incrementAndGet);
        new QuietStdout(pipe).println("x");
        assertThat(pipe.closed()).isTrue();
        assertThat(calls).hasValue(1);
    }

    /** A full disk is not a closed pipe: the error passes on, for the result line's check. */
    @Test
    void aFullDiskIsNotAClosedPipe() {
        AtomicInteger calls = new AtomicInteger();
        ClosedPipe pipe = new ClosedPipe(failing("No space left on device"), false, calls::incrementAndGet);
        PrintStream out = new QuietStdout(pipe);
        out.println("result section=2.1");
        assertThat(out.checkError()).isTrue();
        assertThat(pipe.closed()).isFalse();
        assertThat(calls).hasValue(0);
        assertThatThrownBy(() -> pipe.write(1)).hasMessage("No space left on device");
    }
}
