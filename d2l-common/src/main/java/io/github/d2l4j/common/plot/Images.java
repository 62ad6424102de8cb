package io.github.d2l4j.common.plot;

import io.github.d2l4j.common.io.AtomicFile;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Image grids: the book's {@code show_images}, written as a PNG file. */
public final class Images {
    private Images() {}

    /**
     * Draws images in a {@code numRows x numCols} grid with a title under each, and writes the
     * PNG. Images are (n, h, w) or (n, 1, h, w) with values in [0, 1], drawn in grey scale.
     * Each cell is {@code scale} inches wide, as in the book's figsize.
     *
     * <p>Defined in D2L §3.5.
     */
    public static Path showImages(
            INDArray imgs, int numRows, int numCols, List<String> titles, double scale, Path png) {
        if (imgs.rank() == 4 && imgs.size(1) == 1) {
            imgs = imgs.reshape(imgs.size(0), imgs.size(2), imgs.size(3));
        }
        if (imgs.rank() != 3) {
            throw new IllegalArgumentException(
                    "showImages expects (n, h, w) or (n, 1, h, w), got " + java.util.Arrays.toString(imgs.shape()));
        }
        int n = (int) Math.min(imgs.size(0), (long) numRows * numCols);
        if (titles != null && titles.size() < n) {
            throw new IllegalArgumentException("showImages: " + n + " images but " + titles.size() + " titles");
        }
        int h = (int) imgs.size(1);
        int w = (int) imgs.size(2);
        int cell = (int) Math.round(scale * 100);
        int titleLines = titles == null
                ? 0
                : titles.stream()
                        .limit(n)
                        .mapToInt(t -> t.split("\n").length)
                        .max()
                        .orElse(0);
        Font font = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
        int lineHeight = 16;
        int cellH = cell + titleLines * lineHeight + 6;

        BufferedImage out = new BufferedImage(numCols * cell, numRows * cellH, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setFont(font);
        FontMetrics fm = g.getFontMetrics();
        float[] pixels = imgs.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT)
                .dup('c')
                .data()
                .asFloat();
        int margin = 4;
        int side = cell - 2 * margin;
        for (int i = 0; i < n; i++) {
            int x0 = (i % numCols) * cell + margin;
            int y0 = (i / numCols) * cellH + margin;
            for (int py = 0; py < side; py++) {
                for (int px = 0; px < side; px++) {
                    // nearest neighbour, as imshow does for small images
                    float v = pixels[i * h * w + (py * h / side) * w + (px * w / side)];
                    int grey = Math.max(0, Math.min(255, Math.round(v * 255)));
                    out.setRGB(x0 + px, y0 + py, (grey << 16) | (grey << 8) | grey);
                }
            }
            if (titles != null) {
                g.setColor(Color.BLACK);
                String[] lines = titles.get(i).split("\n");
                for (int l = 0; l < lines.length; l++) {
                    int tx = x0 + (side - fm.stringWidth(lines[l])) / 2;
                    g.drawString(lines[l], tx, y0 + side + (l + 1) * lineHeight);
                }
            }
        }
        g.dispose();
        try {
            AtomicFile.write(png, o -> ImageIO.write(out, "png", o));
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + png, e);
        }
        return png;
    }
}
