package io.github.d2l4j.common.device;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The book's {@code try_gpu}, {@code try_all_gpus} and {@code num_gpus}, for ND4J. ND4J has one
 * backend per process, chosen by the jar on the class path ({@code nd4j-native} for the CPU,
 * {@code nd4j-cuda} under {@code mvn -Pcuda}): on CUDA the GPUs are the affinity manager's devices,
 * and otherwise there is only the CPU.
 *
 * <p>Defined in D2L §5.6.
 */
public final class Devices {
    private Devices() {}

    /** A device as the book names it: {@code cpu} or {@code cuda:0}. */
    public record Device(String type, int index) {
        public static final Device CPU = new Device("cpu", 0);

        @Override
        public String toString() {
            return type.equals("cpu") ? "cpu" : type + ":" + index;
        }
    }

    /** The name of ND4J's backend, such as {@code CpuBackend} or {@code CudaBackend}. */
    public static String backend() {
        return Nd4j.getBackend().getClass().getSimpleName();
    }

    /** Whether ND4J runs on CUDA. */
    public static boolean isCuda() {
        return backend().toLowerCase().contains("cuda");
    }

    /** The number of GPUs ND4J can use: 0 on the CPU backend. */
    public static int numGpus() {
        return isCuda() ? Nd4j.getAffinityManager().getNumberOfDevices() : 0;
    }

    /**
     * GPU {@code i} if it exists, else the CPU.
     *
     * @throws IllegalArgumentException for a negative index, which names no GPU
     */
    public static Device tryGpu(int i) {
        if (i < 0) {
            throw new IllegalArgumentException("GPU index must be 0 or more, got " + i);
        }
        return numGpus() >= i + 1 ? new Device("cuda", i) : Device.CPU;
    }

    /** GPU 0 if there is one, else the CPU. */
    public static Device tryGpu() {
        return tryGpu(0);
    }

    /** Every GPU, or the CPU alone when there is none. */
    public static List<Device> tryAllGpus() {
        List<Device> gpus = new ArrayList<>();
        for (int i = 0; i < numGpus(); i++) {
            gpus.add(new Device("cuda", i));
        }
        return gpus.isEmpty() ? List.of(Device.CPU) : gpus;
    }
}
