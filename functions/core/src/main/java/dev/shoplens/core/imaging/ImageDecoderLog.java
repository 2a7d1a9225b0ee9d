package dev.shoplens.core.imaging;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Says once, at start, which JPEG path this process decodes with and why. */
final class ImageDecoderLog {
    private static final Logger LOG = LoggerFactory.getLogger(ImageDecoder.class);

    private ImageDecoderLog() {
    }

    static void nativeUnavailable(String provider, Throwable why) {
        LOG.warn("JPEG decoder {} is installed but its native library did not load ({}); decoding in pure Java",
                provider, why.toString());
    }

    static void chosen(String name) {
        LOG.info("JPEG decoding: {}", name);
    }
}
