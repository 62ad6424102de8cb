package io.github.d2l4j.ch05;

import io.github.d2l4j.common.section.BookSection;
import io.github.d2l4j.common.section.RunOptions;
import io.github.d2l4j.common.section.SectionResult;
import io.github.d2l4j.common.section.Summary;
import java.util.LinkedHashMap;
import java.util.Map;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deferred initialisation: a network declared without its input sizes, whose parameter shapes are
 * settled only once the input's shape is known. d2l-zh 2.0 has no PyTorch code here (PyTorch's
 * {@code LazyLinear} came later); DL4J has the idea built in. Each layer gives only {@code nOut},
 * and {@code setInputType(...)} lets DL4J infer every {@code nIn} when the configuration is
 * built, so {@code init()} allocates parameters of the right shapes. Without an input type there is
 * nothing to infer from, and {@code init()} fails, naming the layer.
 *
 * <p>D2L 5.3, Deferred Initialization.
 */
@BookSection(
        id = "5.3",
        title = "Deferred Initialization",
        page = "https://zh.d2l.ai/chapter_deep-learning-computation/deferred-init.html")
public final class DeferredInit {
    private static final Logger LOG = LoggerFactory.getLogger(DeferredInit.class);

    public record Config(int inputs) {
        public Config {
            if (inputs <= 0) {
                throw new IllegalArgumentException("inputs must be positive, got " + inputs);
            }
        }

        public static Config from(RunOptions o) {
            return new Config(20); // the book's MLP input, 20 features
        }
    }

    /**
     * @param shapes the parameter shapes after {@code init()}, by DL4J name
     * @param errorWithoutInputType the error {@code init()} gives when no input size is known
     */
    public record Result(Map<String, long[]> shapes, String errorWithoutInputType) implements SectionResult {
        @Override
        public Summary summary() {
            return Summary.of().add("parameters", shapes.size()).add("w0_shape", shapeOf("0_W"));
        }

        private String shapeOf(String name) {
            return java.util.Arrays.toString(shapes.get(name)).replace(" ", "");
        }
    }

    public static Result run(Config c) {
        String error;
        try {
            net(null).init();
            error = "none";
        } catch (RuntimeException e) {
            error = e.getMessage();
        }
        LOG.info("init() without an input type: {}", error);

        MultiLayerNetwork net = net(InputType.feedForward(c.inputs()));
        net.init();
        Map<String, long[]> shapes = new LinkedHashMap<>();
        net.paramTable().forEach((name, p) -> shapes.put(name, p.shape()));
        shapes.forEach((name, s) -> LOG.info("{}: {}", name, java.util.Arrays.toString(s)));
        return new Result(shapes, error);
    }

    /** The book's MLP with only output sizes given: 256 hidden units, 10 outputs. */
    public static MultiLayerNetwork net(InputType input) {
        var builder = new NeuralNetConfiguration.Builder()
                .list()
                .layer(new DenseLayer.Builder()
                        .nOut(256)
                        .activation(Activation.RELU)
                        .build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                        .nOut(10)
                        .activation(Activation.SOFTMAX)
                        .build());
        if (input != null) {
            builder.setInputType(input); // the moment the sizes become known
        }
        return new MultiLayerNetwork(builder.build());
    }
}
