package dev.shoplens.local.bench;

import dev.shoplens.core.embedding.ImagePreprocessor;
import dev.shoplens.core.imaging.DecodeLimits;
import dev.shoplens.core.imaging.ImageDecoder;

import java.util.Locale;

/**
 * A phone photo to the model's input tensor: the decoder the process uses (libjpeg-turbo's DCT-scaled decode
 * where its native library loads) against libjpeg-turbo as Pillow drives it, and against full ImageIO decodes.
 */
final class DecodeBench {
    private DecodeBench() {
    }

    static void run(Report report, byte[] jpeg, String photo, int side, ImagePreprocessor preprocessor,
                    PythonReferences references) {
        ImageDecoder decoder = new ImageDecoder(DecodeLimits.DEFAULT);
        ImageDecoder pureJava = ImageDecoder.pureJava(DecodeLimits.DEFAULT);
        report.section("Decode: " + photo + " to a " + side + " px model's input");
        report.line("this process decodes JPEG with: %s", decoder.jpegPath());
        double[] ours = Timing.alternatingMedians(9,
                () -> preprocessor.toTensor(decoder.decode(jpeg, side).image()),
                () -> preprocessor.toTensor(pureJava.decode(jpeg, 0).image()));
        double reducedJava = Timing.medianMillis(7, () -> preprocessor.toTensor(pureJava.decode(jpeg, side).image()));
        String oursName = "photo to tensor, " + (decoder.jpegPath().startsWith("pure") ? "pure Java" : "DCT-scaled")
                + " (ms)";
        if (references.pillowScaledDecodeMs() != null) {
            report.ratio(oursName, ours[0], "libjpeg-turbo DCT-scaled decode + resize (Pillow draft)",
                    references.pillowScaledDecodeMs(), "ms", Goal.atMost(1.2),
                    decoder.jpegPath().startsWith("pure") ? "no native JPEG decoder loaded in this process" : null);
        } else {
            report.figure(oursName, ours[0], "ms");
            report.line("  (no Pillow reference: %s)", references.problem());
        }
        report.speedUp(oursName, ours[0], "full ImageIO decode + resize", ours[1], "ms", Goal.atLeast(3));
        report.line(String.format(Locale.ROOT, "  (pure-Java fallback with ImageIO source subsampling: %.1f ms)",
                reducedJava));
    }
}
