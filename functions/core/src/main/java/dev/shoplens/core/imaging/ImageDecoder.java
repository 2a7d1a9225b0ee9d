package dev.shoplens.core.imaging;

import dev.shoplens.core.domain.ErrorCode;
import dev.shoplens.core.domain.ShopLensException;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import javax.imageio.IIOException;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes untrusted photos into upright 8-bit RGB: JPEG (including CMYK and YCCK, through TwelveMonkeys),
 * PNG (alpha composited on white, 16-bit and grey), WebP and GIF (first frame). It reads the header first
 * and refuses oversize images before decoding, and decodes large photos at reduced scale when the model
 * needs far fewer pixels: grey and YCbCr JPEGs through an installed {@link ScaledJpegDecoder} (libjpeg-turbo's
 * DCT-domain scaling) when its native library loads, everything else (and every JPEG without one) in pure
 * Java with ImageIO's source subsampling.
 */
public final class ImageDecoder {
    /** Pure Java: decode at least this many times the model's input side, then downscale smoothly. */
    private static final int OVERSAMPLE = 4;
    /**
     * DCT scaling averages each 8x8 block (at 1/8) rather than skipping pixels, so it aliases far less than
     * subsampling: twice the model's side is enough to downscale from.
     */
    private static final int DCT_OVERSAMPLE = 2;

    static {
        ImageIO.setUseCache(false); // decode in memory, never through temporary files
        ImageIO.scanForPlugins();
    }

    private final DecodeLimits limits;
    private final ScaledJpegDecoder nativeJpeg; // null: pure Java only

    /** A decoder that uses the installed native JPEG decoder, if any loads. */
    public ImageDecoder(DecodeLimits limits) {
        this(limits, Installed.DECODER.orElse(null));
    }

    private ImageDecoder(DecodeLimits limits, ScaledJpegDecoder nativeJpeg) {
        this.limits = limits;
        this.nativeJpeg = nativeJpeg;
    }

    /** A decoder that never uses a native library: the fallback, and the benchmark's reference. */
    public static ImageDecoder pureJava(DecodeLimits limits) {
        return new ImageDecoder(limits, null);
    }

    /** A decoder that uses {@code nativeJpeg} for the JPEGs it can take. */
    public static ImageDecoder withNativeJpeg(DecodeLimits limits, ScaledJpegDecoder nativeJpeg) {
        return new ImageDecoder(limits, Objects.requireNonNull(nativeJpeg, "nativeJpeg"));
    }

    /** How this decoder reads grey and YCbCr JPEGs, for logs and benchmarks. */
    public String jpegPath() {
        return nativeJpeg == null ? "pure Java (ImageIO, source subsampling)" : nativeJpeg.name();
    }

    public DecodeLimits limits() {
        return limits;
    }

    /**
     * Decodes an image.
     *
     * @param bytes     the file's bytes
     * @param minTarget the smallest side the caller will use (the model's input side); 0 means full size
     */
    public DecodedImage decode(byte[] bytes, int minTarget) {
        ImageFormat format = checkBytes(bytes);
        if (format == ImageFormat.JPEG && nativeJpeg != null) {
            JpegHeader header = JpegHeader.read(bytes).orElse(null);
            if (header != null && header.isPlainColour()) {
                return decodeNative(bytes, header, minTarget);
            }
        }
        return withReader(bytes, format, reader -> {
            int width = reader.getWidth(0);
            int height = reader.getHeight(0);
            checkDimensions(width, height);
            int subsampling = subsampling(width, height, minTarget);
            ImageReadParam param = reader.getDefaultReadParam();
            param.setSourceSubsampling(subsampling, subsampling, 0, 0);
            TruncationListener truncation = new TruncationListener();
            reader.addIIOReadWarningListener(truncation);
            BufferedImage raw = reader.read(0, param);
            if (truncation.warning != null) {
                throw corrupt(format, truncation.warning, null);
            }
            BufferedImage upright = ExifOrientation.apply(toRgb(raw), ExifOrientation.read(bytes));
            return new DecodedImage(upright, format, width, height, subsampling);
        });
    }

    private DecodedImage decodeNative(byte[] bytes, JpegHeader header, int minTarget) {
        checkDimensions(header.width(), header.height());
        if (!JpegHeader.reachesEndOfImage(bytes)) {
            throw corrupt(ImageFormat.JPEG, "the file ends before its end-of-image marker", null);
        }
        int scale = dctScale(header.width(), header.height(), minTarget);
        BufferedImage raw;
        try {
            raw = nativeJpeg.decode(bytes, scale);
        } catch (IllegalArgumentException e) {
            throw corrupt(ImageFormat.JPEG, e.getMessage(), e);
        }
        BufferedImage upright = ExifOrientation.apply(raw, ExifOrientation.read(bytes));
        return new DecodedImage(upright, ImageFormat.JPEG, header.width(), header.height(), scale);
    }

    /** The largest DCT scale that still leaves DCT_OVERSAMPLE times the model's side. */
    static int dctScale(int width, int height, int minTarget) {
        if (minTarget > 0) {
            for (int scale : ScaledJpegDecoder.SCALES) {
                if (Math.min(width, height) / scale >= minTarget * DCT_OVERSAMPLE) {
                    return scale;
                }
            }
        }
        return 1;
    }

    /**
     * Checks what can be checked without decoding pixels: size in bytes, format, and the dimensions the
     * header declares. Cheap enough to run on every upload before anything is stored.
     */
    public ImageFormat probe(byte[] bytes) {
        ImageFormat format = checkBytes(bytes);
        return withReader(bytes, format, reader -> {
            checkDimensions(reader.getWidth(0), reader.getHeight(0));
            return format;
        });
    }

    private interface ReaderWork<T> {
        T apply(ImageReader reader) throws IOException;
    }

    /** Runs {@code work} on a reader positioned on the image; any decoder failure means a corrupt file. */
    private static <T> T withReader(byte[] bytes, ImageFormat format, ReaderWork<T> work) {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            ImageReader reader = readerFor(in, format);
            try {
                reader.setInput(in, true, true);
                return work.apply(reader);
            } finally {
                reader.dispose();
            }
        } catch (ShopLensException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw corrupt(format, e.getMessage(), e);
        }
    }

    private ImageFormat checkBytes(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            throw new ShopLensException(ErrorCode.EMPTY_IMAGE, "the image is empty (0 bytes)");
        }
        if (bytes.length > limits.maxBytes()) {
            throw tooManyBytes(bytes.length, limits.maxBytes());
        }
        return ImageFormat.sniff(bytes).orElseThrow(() -> new ShopLensException(
                ErrorCode.UNSUPPORTED_FORMAT, "this is not a JPEG, PNG, WebP or GIF image"));
    }

    /** The refusal of an image of {@code size} bytes, for any place that learns an image's size. */
    public static ShopLensException tooManyBytes(long size, long maxBytes) {
        return new ShopLensException(ErrorCode.IMAGE_TOO_LARGE, String.format(Locale.ROOT,
                "the image is %.1f MB; the limit is %.1f MB", size / 1048576.0, maxBytes / 1048576.0));
    }

    private void checkDimensions(int width, int height) {
        if (width <= 0 || height <= 0) {
            throw new ShopLensException(ErrorCode.CORRUPT_IMAGE, "the image declares no pixels (" + width + " x "
                    + height + ")");
        }
        if ((long) width * height > limits.maxPixels()) {
            throw new ShopLensException(ErrorCode.IMAGE_TOO_LARGE, String.format(Locale.ROOT,
                    "the image is %d x %d pixels (%.1f megapixels); the limit is %.1f megapixels", width, height,
                    (long) width * height / 1e6, limits.maxPixels() / 1e6));
        }
    }

    private static ImageReader readerFor(ImageInputStream in, ImageFormat format) throws IIOException {
        Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
        if (!readers.hasNext()) {
            throw new ShopLensException(ErrorCode.UNSUPPORTED_FORMAT, "no decoder is installed for "
                    + format.mediaType());
        }
        return readers.next();
    }

    /** The largest integer step that still leaves OVERSAMPLE times the model's side to downscale from. */
    static int subsampling(int width, int height, int minTarget) {
        if (minTarget <= 0) {
            return 1;
        }
        return Math.max(1, Math.min(width, height) / (minTarget * OVERSAMPLE));
    }

    private static ShopLensException corrupt(ImageFormat format, String detail, Throwable cause) {
        String why = detail == null || detail.isBlank() ? "" : " (" + detail + ")";
        return new ShopLensException(ErrorCode.CORRUPT_IMAGE, "the " + format.name()
                + " image is truncated or corrupt and cannot be decoded" + why, cause);
    }

    /** Any image into opaque 8-bit RGB; transparent areas become white, as on a product page. */
    static BufferedImage toRgb(BufferedImage src) {
        if (src.getType() == BufferedImage.TYPE_INT_RGB) {
            return src;
        }
        if (isGrey(src)) {
            return greyToRgb(src);
        }
        if (src.getColorModel().hasAlpha()) {
            return onWhite(src);
        }
        BufferedImage out = new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_COLOR_RENDERING, RenderingHints.VALUE_COLOR_RENDER_QUALITY);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, out.getWidth(), out.getHeight());
            g.drawImage(src, 0, 0, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    /**
     * Colour over white, pixel by pixel: round(c * a + 255 * (1 - a)) with a from 0 to 1. Written out rather
     * than left to Java 2D, whose blending rounds differently, so the Python reference preprocessing of an
     * exported model can reproduce it exactly.
     */
    private static BufferedImage onWhite(BufferedImage src) {
        int w = src.getWidth();
        int h = src.getHeight();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            src.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) {
                int p = row[x];
                double a = (p >>> 24) / 255.0;
                int r = (int) Math.floor(((p >> 16) & 0xFF) * a + 255 * (1 - a) + 0.5);
                int g = (int) Math.floor(((p >> 8) & 0xFF) * a + 255 * (1 - a) + 0.5);
                int b = (int) Math.floor((p & 0xFF) * a + 255 * (1 - a) + 0.5);
                row[x] = (r << 16) | (g << 8) | b;
            }
            out.setRGB(0, y, w, 1, row, 0, w);
        }
        return out;
    }

    private static boolean isGrey(BufferedImage src) {
        return src.getColorModel().getColorSpace().getType() == ColorSpace.TYPE_GRAY;
    }

    /**
     * Java 2D converts grey through a linear colour space and brightens it; a grey pixel value is an sRGB
     * value in every file format we read, so copy it to the three channels (scaled to 8 bits).
     */
    private static BufferedImage greyToRgb(BufferedImage src) {
        Raster raster = src.getRaster();
        int bands = raster.getNumBands();
        int bits = src.getColorModel().getComponentSize(0);
        int maxValue = (1 << bits) - 1;
        boolean alpha = bands > 1;
        int maxAlpha = alpha ? (1 << src.getColorModel().getComponentSize(1)) - 1 : 1;
        int w = src.getWidth();
        int h = src.getHeight();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int[] grey = new int[w];
        int[] a = new int[w];
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            raster.getSamples(0, y, w, 1, 0, grey);
            if (alpha) {
                raster.getSamples(0, y, w, 1, 1, a);
            }
            for (int x = 0; x < w; x++) {
                double v = grey[x] * 255.0 / maxValue;
                if (alpha) {
                    double t = a[x] / (double) maxAlpha;
                    v = v * t + 255.0 * (1 - t);
                }
                int g = (int) Math.round(v);
                row[x] = (g << 16) | (g << 8) | g;
            }
            out.setRGB(0, y, w, 1, row, 0, w);
        }
        return out;
    }

    /** The native decoder is looked up once per process, and the choice logged. */
    private static final class Installed {
        static final Optional<ScaledJpegDecoder> DECODER = ScaledJpegDecoder.installed();

        static {
            ImageDecoderLog.chosen(DECODER.map(ScaledJpegDecoder::name)
                    .orElse("pure Java (no native decoder installed)"));
        }
    }

    /** JPEG decoders report a truncated or damaged file as a warning and fill the rest with grey; we refuse it. */
    private static final class TruncationListener implements IIOReadWarningListener {
        private String warning;

        @Override
        public void warningOccurred(ImageReader source, String message) {
            String m = message == null ? "" : message.toLowerCase(Locale.ROOT);
            if (warning == null && (m.contains("premature") || m.contains("truncat") || m.contains("corrupt"))) {
                warning = message;
            }
        }
    }
}
