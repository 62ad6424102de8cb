package io.github.d2l4j.ch07;

/**
 * Parameter counts from the book's architectures, as PyTorch's {@code sum(p.numel() for p in
 * net.parameters())} gives them, for the tests to check the DL4J networks against.
 */
final class Params {
    private Params() {}

    /** {@code nn.Conv2d(in, out, kernel_size=k)}: weights and biases. */
    static long conv(long in, long out, long k) {
        return in * out * k * k + out;
    }

    /** {@code nn.Linear(in, out)}. */
    static long dense(long in, long out) {
        return in * out + out;
    }

    /** A batch norm's trainable gamma and beta. */
    static long bn(long c) {
        return 2 * c;
    }

    /** A batch norm's moving mean and variance: buffers in PyTorch, parameters in DL4J's count. */
    static long bnBuffers(long c) {
        return 2 * c;
    }
}
