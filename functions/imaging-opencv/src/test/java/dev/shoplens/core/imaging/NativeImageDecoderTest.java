package dev.shoplens.core.imaging;

import dev.shoplens.core.testing.TestImages;
import dev.shoplens.imaging.opencv.OpenCvJpegDecoder;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;

import static org.assertj.core.api.Assertions.assertThat;

/** Every case of the pure-Java decoder's tests, through libjpeg-turbo, plus what only this path does. */
class NativeImageDecoderTest extends ImageDecoderTest {
    @Override
    protected ImageDecoder decoder(DecodeLimits limits) {
        return ImageDecoder.withNativeJpeg(limits, new OpenCvJpegDecoder());
    }

    /** 3000 x 2000 for a 128-pixel model: 1/4 leaves 500 pixels, at least twice the model's side. */
    @Override
    protected int expectedReduction() {
        return 4;
    }

    @Test
    void isFoundThroughServiceLoader() {
        assertThat(new ImageDecoder(DecodeLimits.DEFAULT).jpegPath()).startsWith("libjpeg-turbo DCT-scaled decode");
    }

    @Test
    void scaledDecodeKeepsTheColoursOfAFullDecode() {
        BufferedImage picture = TestImages.blocks(1600, 1200, 7);
        byte[] jpeg = TestImages.jpeg(picture, 0.95f);
        BufferedImage eighth = decoder.decode(jpeg, 64).image();
        BufferedImage pureJava = ImageDecoder.pureJava(DecodeLimits.DEFAULT).decode(jpeg, 0).image();
        assertThat(eighth.getWidth()).isEqualTo(200);
        assertThat(eighth.getHeight()).isEqualTo(150);
        // each pixel at 1/8 is its 8x8 block's mean: compare with the mean of the fully decoded block
        double worst = 0;
        for (int y = 0; y < 150; y += 7) {
            for (int x = 0; x < 200; x += 7) {
                for (int shift = 0; shift <= 16; shift += 8) {
                    double mean = 0;
                    for (int dy = 0; dy < 8; dy++) {
                        for (int dx = 0; dx < 8; dx++) {
                            mean += (pureJava.getRGB(x * 8 + dx, y * 8 + dy) >> shift) & 0xFF;
                        }
                    }
                    worst = Math.max(worst, Math.abs(mean / 64 - ((eighth.getRGB(x, y) >> shift) & 0xFF)));
                }
            }
        }
        assertThat(worst).as("largest channel difference from the block mean").isLessThan(12);
    }

    @Test
    void leavesCmykToThePureJavaPath() {
        byte[] cmyk = TestImages.resource("/fixtures/cmyk.jpg");
        assertThat(JpegHeader.read(cmyk)).hasValueSatisfying(h -> assertThat(h.isPlainColour()).isFalse());
    }
}
