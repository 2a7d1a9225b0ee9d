package dev.shoplens.core.testing;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * A corpus of files a photo search meets in the wild, made here (no fixture files to trust): broken and
 * hostile ones, formats it does not take, and unusual but valid pictures. Every entry point runs all of
 * them; each must end in a correct answer or a 4xx that names the problem, never a server failure.
 */
public final class HostileInputs {
    private HostileInputs() {
    }

    /** What an entry point must do with a case: take it as a picture, or refuse it with one of the codes. */
    public record Case(String name, String extension, byte[] bytes, boolean accepted, Set<String> refusals) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Case ok(String name, String extension, byte[] bytes) {
        return new Case(name, extension, bytes, true, Set.of());
    }

    private static Case refused(String name, String extension, byte[] bytes, String... codes) {
        return new Case(name, extension, bytes, false, Set.of(codes));
    }

    /** @param maxBytes the entry point's byte limit: one case is a valid JPEG one byte over it */
    public static List<Case> corpus(long maxBytes) {
        BufferedImage picture = TestImages.blocks(96, 64, 7);
        byte[] jpeg = TestImages.jpeg(picture, 0.9f);
        byte[] png = TestImages.encode(picture, "png");
        List<Case> cases = new ArrayList<>();
        cases.add(refused("empty", "jpg", new byte[0], "empty_image", "invalid_argument"));
        cases.add(refused("random-bytes", "jpg", random(4096), "unsupported_format"));
        cases.add(refused("jpeg-magic-then-garbage", "jpg", concat(new byte[]{(byte) 0xFF, (byte) 0xD8, (byte) 0xFF},
                random(2048)), "corrupt_image"));
        cases.add(refused("truncated-jpeg", "jpg", Arrays.copyOf(jpeg, jpeg.length / 2), "corrupt_image"));
        cases.add(refused("truncated-png", "png", Arrays.copyOf(png, png.length / 2), "corrupt_image"));
        cases.add(refused("jpeg-claiming-65500x65500", "jpg", jpegClaiming(jpeg, 65500, 65500), "image_too_large"));
        cases.add(refused("png-claiming-50000x50000", "png", TestImages.pngHeaderOnly(50000, 50000), "image_too_large"));
        cases.add(ok("one-pixel", "png", TestImages.encode(TestImages.blocks(1, 1, 1), "png")));
        cases.add(ok("strip-20000x10", "png", TestImages.encode(TestImages.blocks(20000, 10, 2), "png")));
        cases.add(ok("cmyk-jpeg", "jpg", TestImages.resource("/fixtures/cmyk.jpg")));
        cases.add(ok("png-16-bit", "png", sixteenBitPng()));
        cases.add(ok("png-with-alpha", "png", TestImages.encode(withAlpha(), "png")));
        cases.add(ok("animated-gif", "gif", TestImages.resource("/fixtures/two-frames.gif")));
        cases.add(ok("webp", "webp", TestImages.resource("/fixtures/upright.webp")));
        cases.add(ok("exif-rotated-jpeg", "jpg", TestImages.resource("/fixtures/exif-rotate-90.jpg")));
        cases.add(refused("bmp", "bmp", TestImages.encode(picture, "bmp"), "unsupported_format"));
        cases.add(refused("tiff", "tif", TestImages.encode(picture, "tiff"), "unsupported_format"));
        cases.add(refused("svg", "svg", ("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\">"
                + "<rect width=\"10\" height=\"10\"/></svg>").getBytes(StandardCharsets.UTF_8), "unsupported_format"));
        cases.add(refused("heic", "heic", isoMedia("heic"), "unsupported_format"));
        cases.add(refused("avif", "avif", isoMedia("avif"), "unsupported_format"));
        cases.add(ok("jpeg-with-64k-exif", "jpg", withSegment(jpeg, 0xE1, concat("Exif\0\0".getBytes(StandardCharsets.ISO_8859_1),
                "MM\0*\0\0\0\u0008".getBytes(StandardCharsets.ISO_8859_1), random(65000)))));
        cases.add(ok("png-with-huge-compressed-text", "png", withCompressedText(png, 64 << 20)));
        cases.add(refused("jpeg-one-byte-over-the-limit", "jpg", paddedTo(jpeg, maxBytes + 1), "image_too_large"));
        return cases;
    }

    private static byte[] random(int n) {
        byte[] bytes = new byte[n];
        new Random(n).nextBytes(bytes);
        return bytes;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /** A real JPEG whose frame header (SOF0) is made to claim another size. */
    private static byte[] jpegClaiming(byte[] jpeg, int width, int height) {
        byte[] out = jpeg.clone();
        for (int i = 2; i + 8 < out.length; i++) {
            if ((out[i] & 0xFF) == 0xFF && (out[i + 1] & 0xFF) == 0xC0) {
                out[i + 5] = (byte) (height >> 8);
                out[i + 6] = (byte) height;
                out[i + 7] = (byte) (width >> 8);
                out[i + 8] = (byte) width;
                return out;
            }
        }
        throw new IllegalStateException("no SOF0 segment");
    }

    /** A JPEG with one more segment (an APPn or COM) right after its SOI marker. */
    private static byte[] withSegment(byte[] jpeg, int marker, byte[] payload) {
        int length = Math.min(payload.length, 65533);
        ByteBuffer segment = ByteBuffer.allocate(4 + length).put((byte) 0xFF).put((byte) marker)
                .putShort((short) (length + 2)).put(payload, 0, length);
        return concat(Arrays.copyOf(jpeg, 2), segment.array(), Arrays.copyOfRange(jpeg, 2, jpeg.length));
    }

    /** A valid JPEG grown with comment segments (4 to 65,537 bytes each) to exactly {@code size} bytes. */
    private static byte[] paddedTo(byte[] jpeg, long size) {
        long need = size - jpeg.length;
        if (need < 4) {
            throw new IllegalArgumentException("the limit is too close to the picture's own size");
        }
        ByteArrayOutputStream segments = new ByteArrayOutputStream();
        while (need > 0) {
            long take = Math.min(65537, need);
            if (need - take > 0 && need - take < 4) {
                take -= 4; // leave room for a last segment of at least its 4-byte header
            }
            int payload = (int) take - 4;
            segments.writeBytes(ByteBuffer.allocate(4).put((byte) 0xFF).put((byte) 0xFE).putShort((short) (payload + 2))
                    .array());
            segments.writeBytes(new byte[payload]);
            need -= take;
        }
        return concat(Arrays.copyOf(jpeg, 2), segments.toByteArray(), Arrays.copyOfRange(jpeg, 2, jpeg.length));
    }

    /** The start of an ISO media file (HEIC, AVIF) with its brand: what a phone's photo app saves. */
    private static byte[] isoMedia(String brand) {
        ByteBuffer box = ByteBuffer.allocate(4096);
        box.putInt(24).put("ftyp".getBytes(StandardCharsets.US_ASCII)).put(brand.getBytes(StandardCharsets.US_ASCII))
                .putInt(0).put("mif1".getBytes(StandardCharsets.US_ASCII)).put(brand.getBytes(StandardCharsets.US_ASCII));
        box.put(random(4096 - 24));
        return box.array();
    }

    private static byte[] sixteenBitPng() {
        BufferedImage gray = new BufferedImage(64, 48, BufferedImage.TYPE_USHORT_GRAY);
        for (int y = 0; y < 48; y++) {
            for (int x = 0; x < 64; x++) {
                gray.getRaster().setSample(x, y, 0, (x * 1024 + y * 97) & 0xFFFF);
            }
        }
        return TestImages.encode(gray, "png");
    }

    private static BufferedImage withAlpha() {
        BufferedImage image = new BufferedImage(48, 48, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < 48; y++) {
            for (int x = 0; x < 48; x++) {
                image.setRGB(x, y, ((x * 5) << 24) | 0x3366CC);
            }
        }
        return image;
    }

    /** A PNG with a zTXt chunk that inflates to {@code inflatedBytes}: a decompression bomb in its metadata. */
    private static byte[] withCompressedText(byte[] png, int inflatedBytes) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        deflater.setInput(new byte[inflatedBytes]);
        deflater.finish();
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        byte[] buffer = new byte[65536];
        while (!deflater.finished()) {
            compressed.write(buffer, 0, deflater.deflate(buffer));
        }
        byte[] data = concat("Comment\0\0".getBytes(StandardCharsets.ISO_8859_1), compressed.toByteArray());
        ByteBuffer chunk = ByteBuffer.allocate(12 + data.length).putInt(data.length)
                .put("zTXt".getBytes(StandardCharsets.US_ASCII)).put(data);
        CRC32 crc = new CRC32();
        crc.update("zTXt".getBytes(StandardCharsets.US_ASCII));
        crc.update(data);
        chunk.putInt((int) crc.getValue());
        int afterHeader = 8 + 25; // signature, then the IHDR chunk
        return concat(Arrays.copyOf(png, afterHeader), chunk.array(), Arrays.copyOfRange(png, afterHeader, png.length));
    }
}
