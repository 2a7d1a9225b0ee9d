package dev.shoplens.imaging.opencv;

import dev.shoplens.core.imaging.ScaledJpegDecoder;
import nu.pattern.OpenCV;
import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.imgcodecs.Imgcodecs;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;

/**
 * libjpeg-turbo's scaled decode, as OpenCV's {@code imdecode} runs it for the {@code IMREAD_REDUCED_COLOR_*}
 * flags: at 1/8 only each block's DC coefficient is turned into a pixel, so a 12 MP photo decodes in about
 * the time a C program takes. The constructor loads the native library (extracted from the jar once per
 * process) and throws when this machine's architecture has none, which makes the core fall back to Java.
 */
public final class OpenCvJpegDecoder implements ScaledJpegDecoder {
    private static final int IGNORE_ORIENTATION = Imgcodecs.IMREAD_IGNORE_ORIENTATION;

    public OpenCvJpegDecoder() {
        NativeLibrary.load();
    }

    @Override
    public String name() {
        return "libjpeg-turbo DCT-scaled decode (OpenCV " + Core.VERSION + ")";
    }

    @Override
    public BufferedImage decode(byte[] jpeg, int scale) {
        MatOfByte encoded = new MatOfByte(jpeg);
        Mat bgr = Imgcodecs.imdecode(encoded, flags(scale) | IGNORE_ORIENTATION);
        try {
            if (bgr.empty()) {
                throw new IllegalArgumentException("libjpeg-turbo could not decode the stream");
            }
            return toIntRgb(bgr);
        } finally {
            encoded.release();
            bgr.release();
        }
    }

    private static int flags(int scale) {
        return switch (scale) {
            case 1 -> Imgcodecs.IMREAD_COLOR;
            case 2 -> Imgcodecs.IMREAD_REDUCED_COLOR_2;
            case 4 -> Imgcodecs.IMREAD_REDUCED_COLOR_4;
            case 8 -> Imgcodecs.IMREAD_REDUCED_COLOR_8;
            default -> throw new IllegalArgumentException("libjpeg scales by 1/1, 1/2, 1/4 or 1/8, not 1/" + scale);
        };
    }

    /** OpenCV's interleaved BGR bytes into the packed RGB ints the rest of the pipeline reads. */
    private static BufferedImage toIntRgb(Mat bgr) {
        int w = bgr.cols();
        int h = bgr.rows();
        byte[] bytes = new byte[w * h * 3];
        bgr.get(0, 0, bytes);
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int[] rgb = ((DataBufferInt) out.getRaster().getDataBuffer()).getData();
        for (int i = 0, j = 0; i < rgb.length; i++, j += 3) {
            rgb[i] = ((bytes[j + 2] & 0xFF) << 16) | ((bytes[j + 1] & 0xFF) << 8) | (bytes[j] & 0xFF);
        }
        return out;
    }

    /** Loads OpenCV's native library once per process. */
    private static final class NativeLibrary {
        private static volatile boolean loaded;

        static synchronized void load() {
            if (!loaded) {
                OpenCV.loadLocally();
                loaded = true;
            }
        }
    }
}
