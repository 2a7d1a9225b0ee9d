package dev.shoplens.core.embedding;

import dev.shoplens.core.imaging.PilResampler;
import dev.shoplens.core.model.ModelManifest;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * Turns a picture into the model's input exactly as its manifest says: fit to the input size, scale the
 * pixels, subtract the mean, divide by the standard deviation, in the manifest's channel order, laid out
 * channel-first (CHW). Plain Java, because the ONNX Runtime engine has no image operations of its own.
 */
public final class ImagePreprocessor {
    private final ModelManifest manifest;
    private final float[] mean;
    private final float[] std;

    public ImagePreprocessor(ModelManifest manifest) {
        this.manifest = manifest;
        this.mean = toArray(manifest.mean());
        this.std = toArray(manifest.std());
    }

    /** Floats per image: 3 * height * width. */
    public int tensorSize() {
        return 3 * manifest.inputWidth() * manifest.inputHeight();
    }

    /** Writes one image's tensor into {@code out} at {@code offset}. */
    public void toTensor(BufferedImage image, float[] out, int offset) {
        int w = manifest.inputWidth();
        int h = manifest.inputHeight();
        BufferedImage fitted = fit(image, w, h);
        int[] rgb = fitted.getRGB(0, 0, w, h, null, 0, w);
        int plane = w * h;
        boolean bgr = manifest.colorOrder() == ModelManifest.ColorOrder.BGR;
        float scale = manifest.pixelScale();
        for (int i = 0; i < plane; i++) {
            int p = rgb[i];
            float r = ((p >> 16) & 0xFF) * scale;
            float g = ((p >> 8) & 0xFF) * scale;
            float b = (p & 0xFF) * scale;
            float c0 = bgr ? b : r;
            float c2 = bgr ? r : b;
            out[offset + i] = (c0 - mean[0]) / std[0];
            out[offset + plane + i] = (g - mean[1]) / std[1];
            out[offset + 2 * plane + i] = (c2 - mean[2]) / std[2];
        }
    }

    public float[] toTensor(BufferedImage image) {
        float[] out = new float[tensorSize()];
        toTensor(image, out, 0);
        return out;
    }

    BufferedImage fit(BufferedImage src, int w, int h) {
        if (manifest.interpolation() != ModelManifest.Interpolation.JAVA2D_BILINEAR) {
            return fitLikePillow(src, w, h);
        }
        return switch (manifest.resize()) {
            case SQUASH -> resize(src, w, h);
            case SHORTER_SIDE_CENTER_CROP -> {
                double scale = Math.max(w / (double) src.getWidth(), h / (double) src.getHeight());
                int sw = Math.max(w, (int) Math.round(src.getWidth() * scale));
                int sh = Math.max(h, (int) Math.round(src.getHeight() * scale));
                BufferedImage scaled = resize(src, sw, sh);
                yield scaled.getSubimage((sw - w) / 2, (sh - h) / 2, w, h);
            }
            case LETTERBOX -> {
                double scale = Math.min(w / (double) src.getWidth(), h / (double) src.getHeight());
                int sw = Math.max(1, (int) Math.round(src.getWidth() * scale));
                int sh = Math.max(1, (int) Math.round(src.getHeight() * scale));
                yield pad(resize(src, sw, sh), w, h);
            }
        };
    }

    /**
     * The steps of the Hugging Face image processors (Pillow backend): resize (the shorter side to its length,
     * the longer in proportion, rounded down), then cut the centre, rounding its offset down.
     */
    private BufferedImage fitLikePillow(BufferedImage src, int w, int h) {
        PilResampler.Filter filter = manifest.interpolation() == ModelManifest.Interpolation.BICUBIC
                ? PilResampler.Filter.BICUBIC : PilResampler.Filter.BILINEAR;
        return switch (manifest.resize()) {
            case SQUASH -> PilResampler.resize(src, w, h, filter);
            case SHORTER_SIDE_CENTER_CROP -> {
                int shorter = manifest.resizeShorterSide() > 0 ? manifest.resizeShorterSide() : Math.max(w, h);
                int sw = src.getWidth();
                int sh = src.getHeight();
                int longer = (int) (shorter * (double) Math.max(sw, sh) / Math.min(sw, sh));
                int rw = sw <= sh ? shorter : longer;
                int rh = sw <= sh ? longer : shorter;
                BufferedImage scaled = PilResampler.resize(src, rw, rh, filter);
                yield scaled.getSubimage((rw - w) / 2, (rh - h) / 2, w, h);
            }
            case LETTERBOX -> {
                double scale = Math.min(w / (double) src.getWidth(), h / (double) src.getHeight());
                int sw = Math.max(1, (int) Math.round(src.getWidth() * scale));
                int sh = Math.max(1, (int) Math.round(src.getHeight() * scale));
                yield pad(PilResampler.resize(src, sw, sh, filter), w, h);
            }
        };
    }

    private static BufferedImage pad(BufferedImage scaled, int w, int h) {
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, w, h);
            g.drawImage(scaled, (w - scaled.getWidth()) / 2, (h - scaled.getHeight()) / 2, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    /**
     * Bilinear resize that halves step by step while the image is more than twice the target, so a large
     * picture is averaged (anti-aliased) rather than point-sampled.
     */
    static BufferedImage resize(BufferedImage src, int w, int h) {
        BufferedImage current = src;
        int cw = src.getWidth();
        int ch = src.getHeight();
        if (cw == w && ch == h && src.getType() == BufferedImage.TYPE_INT_RGB) {
            return src;
        }
        while (cw / 2 >= w && ch / 2 >= h) {
            cw /= 2;
            ch /= 2;
            current = draw(current, cw, ch);
        }
        return draw(current, w, h);
    }

    private static BufferedImage draw(BufferedImage src, int w, int h) {
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(src, 0, 0, w, h, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    private static float[] toArray(List<Float> values) {
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }
}
