package dev.shoplens.core.imaging;

import dev.shoplens.core.domain.ErrorCode;
import dev.shoplens.core.domain.ShopLensException;
import dev.shoplens.core.testing.TestImages;
import org.junit.jupiter.api.Test;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.WritableRaster;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The pure-Java path; the native path's module runs these same cases through its decoder. */
class ImageDecoderTest {
    protected final ImageDecoder decoder = decoder(DecodeLimits.DEFAULT);

    protected ImageDecoder decoder(DecodeLimits limits) {
        return ImageDecoder.pureJava(limits);
    }

    private static int[] rgb(BufferedImage img, int x, int y) {
        int p = img.getRGB(x, y);
        return new int[]{(p >> 16) & 0xFF, (p >> 8) & 0xFF, p & 0xFF};
    }

    private static void assertColour(int[] actual, int r, int g, int b, int tolerance) {
        assertThat(actual[0]).as("red of %s", Arrays.toString(actual)).isBetween(r - tolerance, r + tolerance);
        assertThat(actual[1]).as("green of %s", Arrays.toString(actual)).isBetween(g - tolerance, g + tolerance);
        assertThat(actual[2]).as("blue of %s", Arrays.toString(actual)).isBetween(b - tolerance, b + tolerance);
    }

    @Test
    void decodesJpegToRgbWithItsSize() {
        DecodedImage img = decoder.decode(TestImages.jpeg(TestImages.solid(64, 48, new Color(200, 40, 40)), 0.95f), 0);
        assertThat(img.format()).isEqualTo(ImageFormat.JPEG);
        assertThat(img.image().getType()).isEqualTo(BufferedImage.TYPE_INT_RGB);
        assertThat(img.image().getWidth()).isEqualTo(64);
        assertThat(img.image().getHeight()).isEqualTo(48);
        assertColour(rgb(img.image(), 10, 10), 200, 40, 40, 6);
    }

    @Test
    void compositesTransparentPngOnWhite() {
        BufferedImage argb = new BufferedImage(20, 20, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = argb.createGraphics();
        g.setColor(new Color(0, 0, 255, 255));
        g.fillRect(0, 0, 10, 20); // left half opaque blue, right half fully transparent
        g.setColor(new Color(0, 0, 0, 128));
        g.fillRect(10, 0, 5, 20); // a half-transparent black strip
        g.dispose();
        DecodedImage img = decoder.decode(TestImages.encode(argb, "png"), 0);
        assertColour(rgb(img.image(), 2, 2), 0, 0, 255, 0);
        assertColour(rgb(img.image(), 18, 2), 255, 255, 255, 0);
        assertColour(rgb(img.image(), 12, 2), 127, 127, 127, 2);
    }

    @Test
    void keepsGreyValuesOfEightBitGreyPng() {
        BufferedImage grey = new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_GRAY);
        grey.getRaster().setSample(3, 3, 0, 100);
        DecodedImage img = decoder.decode(TestImages.encode(grey, "png"), 0);
        assertColour(rgb(img.image(), 3, 3), 100, 100, 100, 0);
        assertColour(rgb(img.image(), 0, 0), 0, 0, 0, 0);
    }

    @Test
    void scalesSixteenBitGreyPngToEightBits() {
        BufferedImage grey = new BufferedImage(8, 8, BufferedImage.TYPE_USHORT_GRAY);
        grey.getRaster().setSample(1, 1, 0, 65535);
        grey.getRaster().setSample(2, 2, 0, 32896); // 128 * 257
        DecodedImage img = decoder.decode(TestImages.encode(grey, "png"), 0);
        assertColour(rgb(img.image(), 1, 1), 255, 255, 255, 0);
        assertColour(rgb(img.image(), 2, 2), 128, 128, 128, 0);
    }

    @Test
    void decodesSixteenBitRgbPng() {
        ComponentColorModel model = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB), false, false,
                Transparency.OPAQUE, DataBuffer.TYPE_USHORT);
        WritableRaster raster = model.createCompatibleWritableRaster(6, 6);
        for (int y = 0; y < 6; y++) {
            for (int x = 0; x < 6; x++) {
                raster.setPixel(x, y, new int[]{65535, 32896, 0});
            }
        }
        BufferedImage deep = new BufferedImage(model, raster, false, null);
        DecodedImage img = decoder.decode(TestImages.encode(deep, "png"), 0);
        assertColour(rgb(img.image(), 3, 3), 255, 128, 0, 2);
    }

    @Test
    void takesTheFirstFrameOfAnAnimatedGif() {
        DecodedImage img = decoder.decode(TestImages.resource("/fixtures/two-frames.gif"), 0);
        assertThat(img.format()).isEqualTo(ImageFormat.GIF);
        assertColour(rgb(img.image(), 5, 5), 0, 255, 0, 0);
    }

    @Test
    void decodesWebp() {
        DecodedImage img = decoder.decode(TestImages.resource("/fixtures/upright.webp"), 0);
        assertThat(img.format()).isEqualTo(ImageFormat.WEBP);
        assertThat(img.image().getWidth()).isEqualTo(40);
        assertColour(rgb(img.image(), 20, 5), 255, 0, 0, 0);
        assertColour(rgb(img.image(), 20, 50), 0, 0, 255, 0);
    }

    @Test
    void decodesCmykJpegWithRightColours() {
        DecodedImage img = decoder.decode(TestImages.resource("/fixtures/cmyk.jpg"), 0);
        assertColour(rgb(img.image(), 20, 5), 255, 0, 0, 40);
        assertColour(rgb(img.image(), 20, 50), 0, 0, 255, 40);
    }

    @Test
    void turnsExifRotatedPhotoUpright() {
        DecodedImage img = decoder.decode(TestImages.resource("/fixtures/exif-rotate-90.jpg"), 0);
        assertThat(img.image().getWidth()).isEqualTo(40);
        assertThat(img.image().getHeight()).isEqualTo(60);
        assertColour(rgb(img.image(), 20, 5), 255, 0, 0, 40);
        assertColour(rgb(img.image(), 20, 50), 0, 0, 255, 40);
    }

    @Test
    void everyExifOrientationPutsTheMarkedCornerTopLeft() {
        // An upright 30x20 picture with a red top-left corner, stored as each orientation would store it.
        for (int orientation = 1; orientation <= 8; orientation++) {
            BufferedImage stored = storedAs(orientation);
            BufferedImage upright = ExifOrientation.apply(stored, orientation);
            assertThat(upright.getWidth()).as("width, orientation %d", orientation).isEqualTo(30);
            assertThat(upright.getHeight()).as("height, orientation %d", orientation).isEqualTo(20);
            assertColour(rgb(upright, 1, 1), 255, 0, 0, 0);
            assertColour(rgb(upright, 28, 18), 255, 255, 255, 0);
        }
    }

    /** How a camera stores an upright 30x20 picture whose top-left 5x5 is red, under each orientation tag. */
    private static BufferedImage storedAs(int orientation) {
        boolean swap = orientation >= 5;
        int w = swap ? 20 : 30;
        int h = swap ? 30 : 20;
        BufferedImage img = TestImages.solid(w, h, Color.WHITE);
        // Where the upright top-left corner lands in the stored pixels.
        int cx = switch (orientation) {
            case 2, 3, 7, 8 -> w - 5;
            default -> 0;
        };
        int cy = switch (orientation) {
            case 3, 4, 6, 7 -> h - 5;
            default -> 0;
        };
        Graphics2D g = img.createGraphics();
        g.setColor(Color.RED);
        g.fillRect(cx, cy, 5, 5);
        g.dispose();
        return img;
    }

    @Test
    void subsamplesLargePhotosForSmallModels() {
        byte[] big = TestImages.jpeg(TestImages.blocks(3000, 2000, 1), 0.8f);
        DecodedImage img = decoder.decode(big, 128);
        assertThat(img.originalWidth()).isEqualTo(3000);
        assertThat(img.subsampling()).isEqualTo(expectedReduction());
        assertThat(img.image().getWidth()).isEqualTo(3000 / expectedReduction());
        assertThat(Math.min(img.image().getWidth(), img.image().getHeight())).isGreaterThanOrEqualTo(2 * 128);
    }

    /** For a 3000 x 2000 photo and a 128-pixel model: every third pixel, keeping 4x the model's side. */
    protected int expectedReduction() {
        return 3;
    }

    @Test
    void refusesDecompressionBombFromItsHeader() {
        assertThatThrownBy(() -> decoder.decode(TestImages.pngHeaderOnly(50_000, 50_000), 0))
                .isInstanceOfSatisfying(ShopLensException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.IMAGE_TOO_LARGE))
                .hasMessageContaining("50000 x 50000").hasMessageContaining("megapixels");
    }

    @Test
    void refusesBodiesOverTheByteLimit() {
        ImageDecoder small = decoder(new DecodeLimits(1000, 1_000_000));
        byte[] jpeg = TestImages.jpeg(TestImages.blocks(200, 200, 2), 0.9f);
        assertThatThrownBy(() -> small.decode(jpeg, 0)).isInstanceOfSatisfying(ShopLensException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.IMAGE_TOO_LARGE)).hasMessageContaining("limit");
    }

    @Test
    void refusesEmptyBody() {
        assertThatThrownBy(() -> decoder.decode(new byte[0], 0)).isInstanceOfSatisfying(ShopLensException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.EMPTY_IMAGE));
    }

    @Test
    void refusesWhatIsNotAnImage() {
        assertThatThrownBy(() -> decoder.decode("%PDF-1.7 not a picture".getBytes(), 0))
                .isInstanceOfSatisfying(ShopLensException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED_FORMAT))
                .hasMessageContaining("JPEG, PNG, WebP or GIF");
    }

    @Test
    void refusesTruncatedJpeg() {
        byte[] jpeg = TestImages.jpeg(TestImages.blocks(300, 300, 3), 0.9f);
        byte[] truncated = Arrays.copyOf(jpeg, jpeg.length / 2);
        assertThatThrownBy(() -> decoder.decode(truncated, 0)).isInstanceOfSatisfying(ShopLensException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.CORRUPT_IMAGE)).hasMessageContaining("truncated");
    }

    @Test
    void refusesATruncatedPhotoWhoseExifHoldsACompleteThumbnail() {
        byte[] photo = JpegHeaderTest.withExifThumbnail(TestImages.jpeg(TestImages.blocks(300, 300, 6), 0.9f));
        assertThat(decoder.decode(photo, 0).image().getWidth()).isEqualTo(300);
        byte[] truncated = Arrays.copyOf(photo, photo.length / 2);
        assertThatThrownBy(() -> decoder.decode(truncated, 0)).isInstanceOfSatisfying(ShopLensException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.CORRUPT_IMAGE)).hasMessageContaining("truncated");
    }

    @Test
    void refusesTruncatedPng() {
        byte[] png = TestImages.encode(TestImages.blocks(300, 300, 4), "png");
        byte[] truncated = Arrays.copyOf(png, png.length / 2);
        assertThatThrownBy(() -> decoder.decode(truncated, 0)).isInstanceOfSatisfying(ShopLensException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.CORRUPT_IMAGE));
    }

    @Test
    void refusesJpegMagicFollowedByGarbage() {
        byte[] garbage = new byte[500];
        new java.util.Random(5).nextBytes(garbage);
        garbage[0] = (byte) 0xFF;
        garbage[1] = (byte) 0xD8;
        garbage[2] = (byte) 0xFF;
        assertThatThrownBy(() -> decoder.decode(garbage, 0)).isInstanceOfSatisfying(ShopLensException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.CORRUPT_IMAGE));
    }
}
