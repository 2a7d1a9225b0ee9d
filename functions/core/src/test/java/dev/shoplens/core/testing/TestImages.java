package dev.shoplens.core.testing;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;

/** Test pictures made in code, and paths to the fixtures checked in under src/test/resources. */
public final class TestImages {
    private TestImages() {
    }

    public static BufferedImage solid(int w, int h, Color color) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(color);
        g.fillRect(0, 0, w, h);
        g.dispose();
        return img;
    }

    /** A picture with random blocks of colour: distinct seeds give pictures a model tells apart. */
    public static BufferedImage blocks(int w, int h, long seed) {
        Random rnd = new Random(seed);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        int cell = Math.max(1, w / 6);
        for (int y = 0; y < h; y += cell) {
            for (int x = 0; x < w; x += cell) {
                g.setColor(new Color(rnd.nextInt(256), rnd.nextInt(256), rnd.nextInt(256)));
                g.fillRect(x, y, cell, cell);
            }
        }
        g.dispose();
        return img;
    }

    public static byte[] jpeg(BufferedImage img, float quality) {
        return dev.shoplens.core.imaging.JpegEncoder.encode(img, quality);
    }

    public static byte[] encode(BufferedImage img, String format) {
        try (ByteArrayOutputStream bytes = new ByteArrayOutputStream()) {
            if (!ImageIO.write(img, format, bytes)) {
                throw new IllegalStateException("no writer for " + format + " and image type " + img.getType());
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A valid PNG signature and header that claims the given size, followed by no pixel data. */
    public static byte[] pngHeaderOnly(int width, int height) {
        ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(width).putInt(height)
                .put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
        ByteBuffer out = ByteBuffer.allocate(8 + 4 + 4 + 13 + 4 + 12);
        out.put(new byte[]{(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        out.putInt(13).put("IHDR".getBytes()).put(ihdr.array());
        CRC32 crc = new CRC32();
        crc.update("IHDR".getBytes());
        crc.update(ihdr.array());
        out.putInt((int) crc.getValue());
        out.putInt(0).put("IEND".getBytes());
        CRC32 end = new CRC32();
        end.update("IEND".getBytes());
        out.putInt((int) end.getValue());
        return out.array();
    }

    public static byte[] resource(String path) {
        try (InputStream in = TestImages.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("missing test resource " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The tiny random-weight ONNX model made by make_fixtures.py, as a folder in the checkout: other modules'
     * tests read these fixtures from the test-jar, where a resource is no file.
     */
    public static Path tinyModel() {
        return repositoryRoot().resolve("functions/core/src/test/resources/models/tiny");
    }

    /** The checkout's root folder, where {@code mvnw} is. */
    public static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("mvnw"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("run the tests inside the repository");
        }
        return dir;
    }
}
