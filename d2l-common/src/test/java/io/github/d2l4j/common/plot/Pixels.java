package io.github.d2l4j.common.plot;

import java.awt.Color;
import java.awt.image.BufferedImage;

/** Counting a colour's pixels in a rendered plot, allowing for anti-aliasing's near misses. */
final class Pixels {
    private Pixels() {}

    /** Pixels within 12 of {@code c} in each channel. */
    static int count(BufferedImage img, Color c) {
        return count(img, c, 0, img.getWidth());
    }

    /** {@link #count(BufferedImage, Color)} in the columns [from, to). */
    static int count(BufferedImage img, Color c, int from, int to) {
        int n = 0;
        for (int x = from; x < to; x++) {
            for (int y = 0; y < img.getHeight(); y++) {
                Color p = new Color(img.getRGB(x, y));
                if (Math.abs(p.getRed() - c.getRed()) <= 12
                        && Math.abs(p.getGreen() - c.getGreen()) <= 12
                        && Math.abs(p.getBlue() - c.getBlue()) <= 12) {
                    n++;
                }
            }
        }
        return n;
    }
}
