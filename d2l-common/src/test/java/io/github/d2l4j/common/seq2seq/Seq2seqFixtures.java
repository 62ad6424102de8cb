package io.github.d2l4j.common.seq2seq;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/** A plain loop over nn.GRU's formula, in double precision: the oracle for {@link Gru}. */
final class Seq2seqFixtures {
    private Seq2seqFixtures() {}

    /** PyTorch's nn.GRU over X (steps, batch, in) from H0 (layers, batch, h): {output, state}. */
    static INDArray[] torchGru(Gru gru, INDArray X, INDArray H0) {
        int L = gru.numLayers();
        int h = gru.numHiddens();
        INDArray layerInput = X.castTo(DataType.DOUBLE);
        INDArray state = H0.castTo(DataType.DOUBLE).dup();
        for (int l = 0; l < L; l++) {
            INDArray wIh = p(gru, "weight_ih_l" + l);
            INDArray wHh = p(gru, "weight_hh_l" + l);
            INDArray bIh = p(gru, "bias_ih_l" + l);
            INDArray bHh = p(gru, "bias_hh_l" + l);
            INDArray H = state.get(NDArrayIndex.point(l)).dup();
            INDArray out = Nd4j.zeros(DataType.DOUBLE, X.size(0), X.size(1), h);
            for (long t = 0; t < X.size(0); t++) {
                INDArray x = layerInput.get(NDArrayIndex.point(t));
                INDArray gi = x.mmul(wIh.transpose()).addiRowVector(bIh);
                INDArray gh = H.mmul(wHh.transpose()).addiRowVector(bHh);
                INDArray r = Transforms.sigmoid(cols(gi, 0, h).add(cols(gh, 0, h)));
                INDArray z = Transforms.sigmoid(cols(gi, h, 2 * h).add(cols(gh, h, 2 * h)));
                INDArray n = Transforms.tanh(cols(gi, 2 * h, 3 * h).add(r.mul(cols(gh, 2 * h, 3 * h))));
                H = z.rsub(1).mul(n).add(z.mul(H)); // (1 - z) n + z h, as PyTorch documents it
                out.get(NDArrayIndex.point(t)).assign(H);
            }
            state.get(NDArrayIndex.point(l)).assign(H);
            layerInput = out;
        }
        return new INDArray[] {layerInput, state};
    }

    private static INDArray p(Gru gru, String name) {
        return gru.parameter(name).castTo(DataType.DOUBLE);
    }

    private static INDArray cols(INDArray a, long from, long to) {
        return a.get(NDArrayIndex.all(), NDArrayIndex.interval(from, to));
    }

    /** The graph variables of a block's parameters, in {@code namedParameters()} order. */
    static List<String> variableNames(SameDiff sd, Map<String, INDArray> params) {
        Map<INDArray, String> names = new IdentityHashMap<>();
        for (SDVariable v : sd.variables()) {
            if (v.getVariableType() == VariableType.VARIABLE) {
                names.put(v.getArr(), v.name());
            }
        }
        List<String> out = new ArrayList<>();
        params.values().forEach(p -> out.add(names.get(p)));
        return out;
    }
}
