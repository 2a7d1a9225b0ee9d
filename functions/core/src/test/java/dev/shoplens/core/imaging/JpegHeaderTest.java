package dev.shoplens.core.imaging;

import dev.shoplens.core.testing.TestImages;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

class JpegHeaderTest {
    @Test
    void readsSizeAndComponentsOfAColourJpeg() {
        byte[] jpeg = TestImages.jpeg(TestImages.blocks(321, 123, 1), 0.9f);
        assertThat(JpegHeader.read(jpeg)).hasValueSatisfying(h -> {
            assertThat(h.width()).isEqualTo(321);
            assertThat(h.height()).isEqualTo(123);
            assertThat(h.precision()).isEqualTo(8);
            assertThat(h.components()).isEqualTo(3);
            assertThat(h.isPlainColour()).isTrue();
        });
    }

    @Test
    void seesGreyAsOneComponentAndCmykAsNotPlain() {
        byte[] grey = TestImages.jpeg(new BufferedImage(40, 30, BufferedImage.TYPE_BYTE_GRAY), 0.9f);
        assertThat(JpegHeader.read(grey)).hasValueSatisfying(h -> assertThat(h.components()).isEqualTo(1));
        assertThat(JpegHeader.read(TestImages.resource("/fixtures/cmyk.jpg")))
                .hasValueSatisfying(h -> assertThat(h.isPlainColour()).isFalse());
    }

    @Test
    void findsNoHeaderInGarbageOrAStreamCutBeforeTheFrame() {
        byte[] jpeg = TestImages.jpeg(TestImages.blocks(64, 64, 2), 0.9f);
        assertThat(JpegHeader.read(Arrays.copyOf(jpeg, 20))).isEmpty();
        assertThat(JpegHeader.read(new byte[]{(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0x12, 0x34, 0x56})).isEmpty();
    }

    @Test
    void knowsWhetherTheStreamReachesItsEnd() {
        byte[] jpeg = TestImages.jpeg(TestImages.blocks(64, 64, 3), 0.9f);
        assertThat(JpegHeader.reachesEndOfImage(jpeg)).isTrue();
        byte[] withTrailer = Arrays.copyOf(jpeg, jpeg.length + 100); // what a phone appends after the image
        assertThat(JpegHeader.reachesEndOfImage(withTrailer)).isTrue();
        assertThat(JpegHeader.reachesEndOfImage(Arrays.copyOf(jpeg, jpeg.length - 2))).isFalse();
    }

    @Test
    void choosesTheDeepestDctScaleThatKeepsTwiceTheModelSide() {
        assertThat(ImageDecoder.dctScale(4000, 3000, 128)).isEqualTo(8); // 375 >= 256
        assertThat(ImageDecoder.dctScale(4000, 3000, 224)).isEqualTo(4); // 750 >= 448, 375 < 448
        assertThat(ImageDecoder.dctScale(640, 480, 224)).isEqualTo(1);
        assertThat(ImageDecoder.dctScale(4000, 3000, 0)).isEqualTo(1);
    }
}
