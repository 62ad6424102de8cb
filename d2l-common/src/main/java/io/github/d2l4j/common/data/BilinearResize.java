package io.github.d2l4j.common.data;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.image.ResizeBilinear;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Resizes (n, c, h, w) image batches with bilinear interpolation, as torchvision's {@code
 * Resize} does: half-pixel centres ({@code align_corners=False}) and edge clamping, which is what
 * PIL computes when enlarging. As a {@link DataSetPreProcessor} it works batch by batch, so the
 * enlarged data set never sits in memory whole (60,000 images at 224x224 would take 12 GB), and
 * in native code, so that it costs little beside a training step (JMH {@code ResizeBench}).
 */
public final class BilinearResize implements DataSetPreProcessor {
    private static final long serialVersionUID = 1L;
    private final int height;
    private final int width;

    public BilinearResize(int height, int width) {
        if (height <= 0 || width <= 0) {
            throw new IllegalArgumentException("resize must be positive, got " + height + "x" + width);
        }
        this.height = height;
        this.width = width;
    }

    @Override
    public void preProcess(DataSet ds) {
        ds.setFeatures(resize(ds.getFeatures(), height, width));
    }

    /**
     * Resizes a (n, c, h, w) array to (n, c, outH, outW) with ND4J's native {@code resize_bilinear}
     * op (TensorFlow's, with half-pixel centres and no corner alignment: torchvision's bilinear
     * when enlarging). The op works on (n, h, w, c), hence the two transposes.
     */
    public static INDArray resize(INDArray images, int outH, int outW) {
        if (images.rank() != 4) {
            throw new IllegalArgumentException("resize expects (n, c, h, w), got rank " + images.rank());
        }
        INDArray nhwc = images.castTo(DataType.FLOAT).permute(0, 2, 3, 1).dup('c');
        INDArray out = Nd4j.create(DataType.FLOAT, images.size(0), outH, outW, images.size(1));
        // alignCorners false, halfPixelCenters true; Nd4j.image().resizeBiLinear fails in M2.1 (no output array)
        Nd4j.exec(new ResizeBilinear(nhwc, out, outH, outW, false, true));
        return out.permute(0, 3, 1, 2).dup('c');
    }
}
