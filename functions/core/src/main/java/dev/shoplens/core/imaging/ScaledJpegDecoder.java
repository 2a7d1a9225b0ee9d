package dev.shoplens.core.imaging;

import java.awt.image.BufferedImage;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * A native JPEG decoder that scales in the DCT domain (libjpeg's 1/2, 1/4, 1/8 decode): a 12 MP photo for a
 * 128-pixel model then costs a fraction of a full decode. Optional: the {@link ImageDecoder} uses the first
 * one installed (through {@link ServiceLoader}) whose native library loads, and its own pure-Java path
 * otherwise. It is only handed 8-bit grey or YCbCr Huffman-coded JPEGs whose header has been checked.
 */
public interface ScaledJpegDecoder {
    /** The scale denominators libjpeg decodes at directly. */
    int[] SCALES = {8, 4, 2, 1};

    /** A name for logs and benchmarks, with the library's version. */
    String name();

    /**
     * Decodes at 1/{@code scale} of full size (rounded up, as libjpeg does), into {@code TYPE_INT_RGB} pixels,
     * ignoring the EXIF orientation (the caller applies it).
     *
     * @param scale 1, 2, 4 or 8
     * @throws IllegalArgumentException when the library cannot decode the stream
     */
    BufferedImage decode(byte[] jpeg, int scale);

    /** The first installed decoder whose native library loads on this machine. */
    static Optional<ScaledJpegDecoder> installed() {
        for (ServiceLoader.Provider<ScaledJpegDecoder> provider : ServiceLoader.load(ScaledJpegDecoder.class)
                .stream().toList()) {
            try {
                return Optional.of(provider.get());
            } catch (RuntimeException | LinkageError e) {
                ImageDecoderLog.nativeUnavailable(provider.type().getName(), e);
            }
        }
        return Optional.empty();
    }
}
