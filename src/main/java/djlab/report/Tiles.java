package djlab.report;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * Pictures that are images rather than charts: weights and kernels as small squares of colour, test digits as
 * grey-scale tiles. Pixels are enlarged by whole factors (nearest neighbour) so each weight stays one crisp square.
 */
final class Tiles {

    private static final int GAP = 2;
    private static final Color BACKGROUND = Color.WHITE;

    /** A misclassified test image: its pixels (0-255), its true class and what the network said, with what confidence. */
    record Mistake(byte[] pixels, int height, int width, int truth, int predicted, double confidence) {}

    private Tiles() {}

    /**
     * Weight maps, one tile per row of {@code weights} laid out as {@code height x width}: red positive, blue
     * negative, white zero, each tile scaled to its own largest magnitude (tiles differ in scale by a lot).
     */
    static byte[] weights(float[][] weights, int height, int width, int columns, int zoom) {
        int n = weights.length;
        int rows = (n + columns - 1) / columns;
        int tileW = width * zoom;
        int tileH = height * zoom;
        BufferedImage image = canvas(columns * (tileW + GAP) + GAP, rows * (tileH + GAP) + GAP);
        for (int t = 0; t < n; t++) {
            float max = 1e-12f;
            for (float w : weights[t]) max = Math.max(max, Math.abs(w));
            int x0 = GAP + (t % columns) * (tileW + GAP);
            int y0 = GAP + (t / columns) * (tileH + GAP);
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    int rgb = diverging(weights[t][y * width + x] / max);
                    for (int dy = 0; dy < zoom; dy++) {
                        for (int dx = 0; dx < zoom; dx++) image.setRGB(x0 + x * zoom + dx, y0 + y * zoom + dy, rgb);
                    }
                }
            }
        }
        return png(image);
    }

    /**
     * Blue (-1) through white (0) to red (+1), the usual map for signed weights, in 12 steps a side: the eye tells no
     * more apart, and few colours keep the PNG small.
     */
    static int diverging(float v) {
        float t = Math.round(Math.max(-1f, Math.min(1f, v)) * 12) / 12f;
        Color end = t >= 0 ? new Color(0xb2182b) : new Color(0x2166ac);
        float a = Math.abs(t);
        int r = Math.round(255 + (end.getRed() - 255) * a);
        int g = Math.round(255 + (end.getGreen() - 255) * a);
        int b = Math.round(255 + (end.getBlue() - 255) * a);
        return (r << 16) | (g << 8) | b;
    }

    /** Misclassified images in a grid, each captioned "true → predicted" with the network's confidence. */
    static byte[] mistakes(List<Mistake> mistakes, List<String> classes, int columns, int zoom) {
        Mistake first = mistakes.get(0);
        int tileW = first.width() * zoom;
        int tileH = first.height() * zoom;
        int caption = 28;
        int cellW = Math.max(tileW, 72) + 8;
        int cellH = tileH + caption + 6;
        int rows = (mistakes.size() + columns - 1) / columns;
        BufferedImage image = canvas(columns * cellW + GAP, rows * cellH + GAP);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        FontMetrics metrics = g.getFontMetrics();
        for (int i = 0; i < mistakes.size(); i++) {
            Mistake m = mistakes.get(i);
            int x0 = (i % columns) * cellW + (cellW - tileW) / 2;
            int y0 = (i / columns) * cellH + GAP;
            for (int y = 0; y < m.height(); y++) {
                for (int x = 0; x < m.width(); x++) {
                    // MNIST stores ink as high values; drawn dark on light, as on paper.
                    int ink = 255 - (m.pixels()[y * m.width() + x] & 0xff);
                    g.setColor(new Color(ink, ink, ink));
                    g.fillRect(x0 + x * zoom, y0 + y * zoom, zoom, zoom);
                }
            }
            g.setColor(new Color(0xcccccc));
            g.drawRect(x0 - 1, y0 - 1, tileW + 1, tileH + 1);
            String line1 = name(classes, m.truth()) + " \u2192 " + name(classes, m.predicted());
            String line2 = Math.round(m.confidence() * 100) + "% sure";
            int cx = (i % columns) * cellW + cellW / 2;
            g.setColor(new Color(0xb2182b));
            g.drawString(line1, cx - metrics.stringWidth(line1) / 2, y0 + tileH + 13);
            g.setColor(new Color(0x666666));
            g.drawString(line2, cx - metrics.stringWidth(line2) / 2, y0 + tileH + 25);
        }
        g.dispose();
        return png(image);
    }

    private static String name(List<String> classes, int index) {
        String name = index >= 0 && index < classes.size() ? classes.get(index) : String.valueOf(index);
        return name.length() > 9 ? name.substring(0, 8) + "." : name;
    }

    private static BufferedImage canvas(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(BACKGROUND);
        g.fillRect(0, 0, width, height);
        g.dispose();
        return image;
    }

    static byte[] png(BufferedImage image) {
        return Png.encode(image);
    }
}
