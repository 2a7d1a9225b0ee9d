package dev.shoplens.core.embedding;

import dev.shoplens.core.model.ModelManifest;
import org.junit.jupiter.api.Test;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ImagePreprocessorTest {

    private static ModelManifest manifest(int w, int h, ModelManifest.Resize resize, ModelManifest.ColorOrder order) {
        return new ModelManifest("t", "1", ModelManifest.Format.ONNX, "model.onnx", "0".repeat(64), w, h, resize,
                List.of(0.5f, 0.4f, 0.3f), List.of(0.2f, 0.25f, 0.5f), order, 1f / 255f, 4,
                ModelManifest.Normalization.L2, null, null, ModelManifest.Interpolation.JAVA2D_BILINEAR, 0);
    }

    /** A 2x2 picture: red, green / blue, white. */
    private static BufferedImage fourPixels() {
        BufferedImage img = new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB);
        img.setRGB(0, 0, Color.RED.getRGB());
        img.setRGB(1, 0, Color.GREEN.getRGB());
        img.setRGB(0, 1, Color.BLUE.getRGB());
        img.setRGB(1, 1, Color.WHITE.getRGB());
        return img;
    }

    @Test
    void matchesTheHandComputedTensorInRgbOrder() {
        float[] t = new ImagePreprocessor(manifest(2, 2, ModelManifest.Resize.SQUASH, ModelManifest.ColorOrder.RGB))
                .toTensor(fourPixels());
        // channel R: pixels (255, 0, 0, 255) -> (1 - 0.5) / 0.2 = 2.5, (0 - 0.5) / 0.2 = -2.5
        // channel G: (0, 255, 0, 255)        -> (1 - 0.4) / 0.25 = 2.4, -1.6
        // channel B: (0, 0, 255, 255)        -> (1 - 0.3) / 0.5 = 1.4, -0.6
        float[] expected = {2.5f, -2.5f, -2.5f, 2.5f, -1.6f, 2.4f, -1.6f, 2.4f, -0.6f, -0.6f, 1.4f, 1.4f};
        assertThat(t).containsExactly(expected, within(1e-5f));
    }

    @Test
    void swapsChannelsForBgrModels() {
        float[] t = new ImagePreprocessor(manifest(2, 2, ModelManifest.Resize.SQUASH, ModelManifest.ColorOrder.BGR))
                .toTensor(fourPixels());
        // first plane is now blue, normalised with the first mean/std pair
        assertThat(new float[]{t[0], t[1], t[2], t[3]}).containsExactly(new float[]{-2.5f, -2.5f, 2.5f, 2.5f},
                within(1e-5f));
        assertThat(new float[]{t[8], t[9], t[10], t[11]}).containsExactly(new float[]{1.4f, -0.6f, -0.6f, 1.4f},
                within(1e-5f));
    }

    @Test
    void centreCropKeepsTheMiddleOfAWidePicture() {
        BufferedImage wide = new BufferedImage(6, 2, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 2; y++) {
            for (int x = 0; x < 6; x++) {
                wide.setRGB(x, y, (x < 2 || x > 3 ? Color.BLACK : Color.WHITE).getRGB());
            }
        }
        ImagePreprocessor p = new ImagePreprocessor(manifest(2, 2, ModelManifest.Resize.SHORTER_SIDE_CENTER_CROP,
                ModelManifest.ColorOrder.RGB));
        BufferedImage fitted = p.fit(wide, 2, 2);
        assertThat(fitted.getRGB(0, 0) & 0xFFFFFF).isEqualTo(0xFFFFFF);
        assertThat(fitted.getRGB(1, 1) & 0xFFFFFF).isEqualTo(0xFFFFFF);
    }

    @Test
    void letterboxPadsWithWhite() {
        BufferedImage wide = new BufferedImage(8, 2, BufferedImage.TYPE_INT_RGB); // black
        ImagePreprocessor p = new ImagePreprocessor(manifest(8, 8, ModelManifest.Resize.LETTERBOX,
                ModelManifest.ColorOrder.RGB));
        BufferedImage fitted = p.fit(wide, 8, 8);
        assertThat(fitted.getRGB(4, 0) & 0xFFFFFF).isEqualTo(0xFFFFFF);
        assertThat(fitted.getRGB(4, 4) & 0xFFFFFF).isEqualTo(0);
        assertThat(fitted.getRGB(4, 7) & 0xFFFFFF).isEqualTo(0xFFFFFF);
    }

    @Test
    void downscalingAveragesRatherThanSkipsPixels() {
        // A fine black-and-white checkerboard must come out grey, not black or white.
        BufferedImage board = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                board.setRGB(x, y, ((x + y) % 2 == 0 ? Color.WHITE : Color.BLACK).getRGB());
            }
        }
        BufferedImage small = ImagePreprocessor.resize(board, 4, 4);
        int grey = small.getRGB(2, 2) & 0xFF;
        assertThat(grey).isBetween(100, 155);
    }
}
