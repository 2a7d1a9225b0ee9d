package dev.shoplens.core.testing;

import dev.shoplens.core.domain.Box;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A photo of several catalog items side by side on a textured scene, as a shopper photographs a shelf: each
 * item cut out of its white studio background, and where each one is.
 *
 * @param jpeg  the photo
 * @param boxes each item's box, in the order the items were given
 */
public record ShelfPhoto(byte[] jpeg, List<Box> boxes) {
    private static final int WIDTH = 1200;
    private static final int HEIGHT = 800;

    /** The sample catalog's studio photos of these products, left to right. */
    public static ShelfPhoto ofSampleProducts(String... productIds) {
        Path folder = TestImages.repositoryRoot().resolve("local/sample-catalog");
        BufferedImage scene = scene(new Random(7));
        Graphics2D g = scene.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        List<Box> boxes = new ArrayList<>();
        int slot = WIDTH / productIds.length;
        for (int i = 0; i < productIds.length; i++) {
            BufferedImage item = cutOut(read(folder.resolve(productIds[i]).resolve("front.jpg")));
            double scale = Math.min(slot * 0.8 / item.getWidth(), HEIGHT * 0.6 / item.getHeight());
            int w = (int) (item.getWidth() * scale);
            int h = (int) (item.getHeight() * scale);
            int x = i * slot + (slot - w) / 2;
            int y = (HEIGHT - h) / 2 + (i % 2 == 0 ? -40 : 40);
            g.drawImage(item, x, y, w, h, null);
            boxes.add(new Box((double) x / WIDTH, (double) y / HEIGHT, (double) (x + w) / WIDTH, (double) (y + h) / HEIGHT));
        }
        g.dispose();
        return new ShelfPhoto(TestImages.jpeg(scene, 0.9f), boxes);
    }

    /** A wooden-looking gradient with soft blobs: no catalog item, something for the items to stand out from. */
    private static BufferedImage scene(Random random) {
        BufferedImage img = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setPaint(new GradientPaint(0, 0, new Color(150, 120, 90), 0, HEIGHT, new Color(90, 70, 55)));
        g.fillRect(0, 0, WIDTH, HEIGHT);
        for (int i = 0; i < 40; i++) {
            g.setColor(new Color(110 + random.nextInt(60), 85 + random.nextInt(50), 60 + random.nextInt(40), 90));
            int r = 20 + random.nextInt(120);
            g.fillOval(random.nextInt(WIDTH) - r, random.nextInt(HEIGHT) - r, 2 * r, 2 * r);
        }
        g.dispose();
        return img;
    }

    /** The item without its studio's white: near-white pixels become transparent, then the visible part is cut. */
    private static BufferedImage cutOut(BufferedImage studio) {
        int w = studio.getWidth();
        int h = studio.getHeight();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        int minX = w;
        int minY = h;
        int maxX = -1;
        int maxY = -1;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = studio.getRGB(x, y);
                boolean white = ((p >> 16) & 0xFF) > 235 && ((p >> 8) & 0xFF) > 235 && (p & 0xFF) > 235;
                if (!white) {
                    out.setRGB(x, y, p | 0xFF000000);
                    minX = Math.min(minX, x);
                    minY = Math.min(minY, y);
                    maxX = Math.max(maxX, x);
                    maxY = Math.max(maxY, y);
                }
            }
        }
        return out.getSubimage(minX, minY, maxX - minX + 1, maxY - minY + 1);
    }

    private static BufferedImage read(Path file) {
        try {
            return ImageIO.read(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
