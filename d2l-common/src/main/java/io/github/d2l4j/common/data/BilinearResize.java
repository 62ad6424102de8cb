package io.github.d2l4j.common.data;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Resizes (n, c, h, w) image batches with bilinear interpolation, as torchvision's {@code
 * Resize} does: half-pixel centres ({@code align_corners=False}) and edge clamping, which is what
 * PIL computes when enlarging. As a {@link DataSetPreProcessor} it works batch by batch, so the
 * enlarged data set never sits in memory whole (60,000 images at 64x64 would take 1 GB).
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

    /** Resizes a (n, c, h, w) array to (n, c, outH, outW). */
    public static INDArray resize(INDArray images, int outH, int outW) {
        if (images.rank() != 4) {
            throw new IllegalArgumentException("resize expects (n, c, h, w), got rank " + images.rank());
        }
        int planes = (int) (images.size(0) * images.size(1));
        int h = (int) images.size(2);
        int w = (int) images.size(3);
        float[] src = images.castTo(DataType.FLOAT).dup('c').data().asFloat();
        float[] dst = new float[planes * outH * outW];
        for (int p = 0; p < planes; p++) {
            for (int oy = 0; oy < outH; oy++) {
                double sy = Math.max(0, (oy + 0.5) * h / outH - 0.5);
                int y0 = Math.min((int) sy, h - 1);
                int y1 = Math.min(y0 + 1, h - 1);
                double fy = sy - y0;
                for (int ox = 0; ox < outW; ox++) {
                    double sx = Math.max(0, (ox + 0.5) * w / outW - 0.5);
                    int x0 = Math.min((int) sx, w - 1);
                    int x1 = Math.min(x0 + 1, w - 1);
                    double fx = sx - x0;
                    int base = p * h * w;
                    double top = src[base + y0 * w + x0] * (1 - fx) + src[base + y0 * w + x1] * fx;
                    double bottom = src[base + y1 * w + x0] * (1 - fx) + src[base + y1 * w + x1] * fx;
                    dst[(p * outH + oy) * outW + ox] = (float) (top * (1 - fy) + bottom * fy);
                }
            }
        }
        return Nd4j.create(dst, new long[] {images.size(0), images.size(1), outH, outW}, DataType.FLOAT);
    }
}
