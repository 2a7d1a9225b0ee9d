package dev.shoplens.core.imaging;

import dev.shoplens.core.testing.TestImages;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
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
    void aThumbnailInExifDoesNotHideATruncatedImage() {
        byte[] photo = withExifThumbnail(TestImages.jpeg(TestImages.blocks(200, 150, 4), 0.9f));
        assertThat(JpegHeader.reachesEndOfImage(photo)).isTrue();
        assertThat(JpegHeader.read(photo)).hasValueSatisfying(h -> assertThat(h.width()).isEqualTo(200));
        // the embedded thumbnail has a scan and an end marker of its own; the cut-off main image has neither
        assertThat(JpegHeader.reachesEndOfImage(Arrays.copyOf(photo, photo.length - 300))).isFalse();
    }

    /** What phones write: an APP1 "Exif" segment holding a small complete JPEG, right after SOI. */
    static byte[] withExifThumbnail(byte[] jpeg) {
        byte[] thumbnail = TestImages.jpeg(TestImages.blocks(32, 24, 5), 0.8f);
        byte[] exif = "Exif\0\0".getBytes(StandardCharsets.ISO_8859_1);
        int length = 2 + exif.length + thumbnail.length;
        byte[] out = new byte[jpeg.length + 2 + length];
        out[0] = (byte) 0xFF;
        out[1] = (byte) 0xD8;
        out[2] = (byte) 0xFF;
        out[3] = (byte) 0xE1;
        out[4] = (byte) (length >> 8);
        out[5] = (byte) length;
        System.arraycopy(exif, 0, out, 6, exif.length);
        System.arraycopy(thumbnail, 0, out, 6 + exif.length, thumbnail.length);
        System.arraycopy(jpeg, 2, out, 4 + length, jpeg.length - 2);
        return out;
    }

    @Test
    void choosesTheDeepestDctScaleThatKeepsTwiceTheModelSide() {
        assertThat(ImageDecoder.dctScale(4000, 3000, 128)).isEqualTo(8); // 375 >= 256
        assertThat(ImageDecoder.dctScale(4000, 3000, 224)).isEqualTo(4); // 750 >= 448, 375 < 448
        assertThat(ImageDecoder.dctScale(640, 480, 224)).isEqualTo(1);
        assertThat(ImageDecoder.dctScale(4000, 3000, 0)).isEqualTo(1);
    }
}
