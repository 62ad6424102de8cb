package io.github.d2l4j.ch11;

import io.github.d2l4j.common.section.RunOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The settings of 11.6-11.10, the optimisers on the airfoil data. Their hyperparameters are the book's, fixed
 * in each section as the book fixes them.
 *
 * @param seed fixes the airfoil loader's shuffling and the weights' initial draw
 * @param out the directory the plots are written into
 */
public record AirfoilConfig(long seed, Path out) {
    public static AirfoilConfig from(RunOptions o) {
        return new AirfoilConfig(
                o.seed(42), // the book does not seed; a fixed seed makes runs repeat
                o.out());
    }

    /**
     * The book's {@code init_*_states(feature_dim)}: for w (featureDim, 1) and for b (1), a tuple of {@code
     * perParameter} zero arrays shaped like it.
     */
    static List<INDArray[]> zeroStates(int featureDim, int perParameter) {
        List<INDArray[]> states = new ArrayList<>();
        for (long[] shape : new long[][] {{featureDim, 1}, {1}}) {
            INDArray[] tuple = new INDArray[perParameter];
            for (int i = 0; i < perParameter; i++) {
                tuple[i] = Nd4j.zeros(DataType.FLOAT, shape);
            }
            states.add(tuple);
        }
        return states;
    }
}
