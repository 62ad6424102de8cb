package io.github.d2l4j.bench;

import io.github.d2l4j.common.device.OneDnn;
import io.github.d2l4j.common.device.Threads;
import java.util.concurrent.TimeUnit;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One DL4J {@code ConvolutionLayer}, 64 to 128 channels, 3x3 kernel, padding 1, on a batch of 64
 * 32x32 inputs: forward and backward (weight, bias and input gradients), with and without the
 * oneDNN helper, with {@code CacheMode.DEVICE} (without it, backprop computes the forward
 * convolution again: 1.3-1.9x the time). {@code benchmarks/pytorch/conv.py} times the same {@code
 * nn.Conv2d} in PyTorch.
 *
 * <pre>mvn -pl benchmarks -am install -DskipTests; mvn -pl benchmarks exec:exec -Djmh.args="ConvLayerBench"</pre>
 */
@State(Scope.Benchmark)
public class ConvLayerBench extends FreshArraysBench {

    @Param({"true", "false"})
    public boolean oneDnn;

    @Param({"2"}) // ND4J's op threads; oneDNN's convolutions use OpenMP's, every core by default
    public int threads;

    Layer layer;
    INDArray X;
    INDArray epsilon;
    final LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();

    @Setup
    public void setUp() {
        Threads.set(threads, 1);
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder()
                .seed(1)
                .weightInit(WeightInit.XAVIER_UNIFORM)
                .cacheMode(CacheMode.DEVICE)
                .list()
                .layer(new ConvolutionLayer.Builder(3, 3)
                        .nOut(128)
                        .padding(1, 1)
                        .activation(Activation.IDENTITY)
                        .build())
                .setInputType(InputType.convolutional(32, 32, 64))
                .build());
        net.init();
        net.initGradientsView(); // fit does this before its first backward pass
        if (oneDnn) {
            OneDnn.layerHelpers(net);
        }
        layer = net.getLayer(0);
        Nd4j.getRandom().setSeed(1);
        X = Nd4j.rand(DataType.FLOAT, 64, 64, 32, 32);
        epsilon = Nd4j.rand(DataType.FLOAT, 64, 128, 32, 32);
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 3, time = 2)
    @Measurement(iterations = 5, time = 3)
    public INDArray forwardBackward() {
        layer.setInput(X, mgr);
        layer.activate(true, mgr);
        return layer.backpropGradient(epsilon, mgr).getSecond();
    }
}
