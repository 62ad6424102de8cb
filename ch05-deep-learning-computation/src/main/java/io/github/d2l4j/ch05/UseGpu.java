package io.github.d2l4j.ch05;

import static io.github.d2l4j.common.device.Devices.numGpus;
import static io.github.d2l4j.common.device.Devices.tryAllGpus;
import static io.github.d2l4j.common.device.Devices.tryGpu;

import io.github.d2l4j.common.device.Devices;
import io.github.d2l4j.common.device.Devices.Device;
import io.github.d2l4j.common.section.BookSection;
import io.github.d2l4j.common.section.RunOptions;
import io.github.d2l4j.common.section.SectionResult;
import io.github.d2l4j.common.section.Summary;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Devices. PyTorch puts each tensor on a device ({@code torch.ones(2, 3, device=try_gpu())}) and
 * moves it with {@code .to(device)}; an operation needs all its operands on one device. ND4J has
 * one backend for the whole process, chosen by the jar on the class path: {@code nd4j-native} runs
 * every array on the CPU, {@code nd4j-cuda} ({@code mvn -Pcuda}) puts every array on a GPU and
 * copies between host and device memory by itself. So there is no {@code .to(device)} to write:
 * {@code tryGpu()} reports where arrays live, and on CUDA {@code Nd4j.getAffinityManager()} says
 * which GPU the current thread uses (one per thread; a thread moves with {@code
 * attachThreadToDevice}). DL4J's networks follow their arrays: there is no {@code net.to(device)}
 * either.
 *
 * <p>D2L 5.6, GPUs.
 */
@BookSection(id = "5.6", title = "GPUs", page = "https://zh.d2l.ai/chapter_deep-learning-computation/use-gpu.html")
public final class UseGpu {
    private static final Logger LOG = LoggerFactory.getLogger(UseGpu.class);

    public record Config() {
        public static Config from(RunOptions o) {
            return new Config(); // nothing to choose: the backend decides the devices
        }
    }

    /**
     * @param backend ND4J's backend class
     * @param numGpus the book's {@code num_gpus()}
     * @param tryGpu {@code try_gpu()}
     * @param tryGpu10 {@code try_gpu(10)}: a GPU that does not exist falls back to the CPU
     * @param all {@code try_all_gpus()}
     * @param product X (2, 3) of ones times 2, computed wherever the backend runs
     */
    public record Result(
            String backend, int numGpus, Device tryGpu, Device tryGpu10, List<Device> all, INDArray product)
            implements SectionResult {
        @Override
        public Summary summary() {
            return Summary.of()
                    .add("backend", backend)
                    .add("num_gpus", numGpus)
                    .add("try_gpu", tryGpu)
                    .add("try_all_gpus", all.toString().replace(" ", ""));
        }
    }

    public static Result run(Config c) {
        LOG.info("ND4J backend: {}; num_gpus() = {}", Devices.backend(), numGpus());
        LOG.info("try_gpu() = {}, try_gpu(10) = {}, try_all_gpus() = {}", tryGpu(), tryGpu(10), tryAllGpus());
        if (!Devices.isCuda()) {
            LOG.info("no GPU: every array lives in host memory (the book's CPU fallback)");
        }
        // 5.6.2: arrays "on" the device: wherever the backend keeps them
        INDArray X = Nd4j.ones(DataType.FLOAT, 2, 3);
        INDArray Y = Nd4j.rand(DataType.FLOAT, 2, 3);
        LOG.info("X = {} on {}, Y = {}", X, tryGpu(), Y);
        INDArray Z = X.add(X); // the book's X + Z once both are on one GPU: here, always
        LOG.info("X + X = {}", Z);
        return new Result(Devices.backend(), numGpus(), tryGpu(), tryGpu(10), tryAllGpus(), Z);
    }
}
