package dev.shoplens.core.imaging;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The image formats the system accepts, recognised by their first bytes rather than by a claimed type. */
public enum ImageFormat {
    JPEG("image/jpeg", "jpg"),
    PNG("image/png", "png"),
    WEBP("image/webp", "webp"),
    GIF("image/gif", "gif");

    private final String mediaType;
    private final String extension;

    ImageFormat(String mediaType, String extension) {
        this.mediaType = mediaType;
        this.extension = extension;
    }

    public String mediaType() {
        return mediaType;
    }

    public String extension() {
        return extension;
    }

    public static Optional<ImageFormat> sniff(byte[] b) {
        if (b.length >= 3 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xD8 && (b[2] & 0xFF) == 0xFF) {
            return Optional.of(JPEG);
        }
        if (b.length >= 8 && startsWith(b, 0, new byte[]{(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'})) {
            return Optional.of(PNG);
        }
        if (b.length >= 12 && startsWith(b, 0, "RIFF".getBytes()) && startsWith(b, 8, "WEBP".getBytes())) {
            return Optional.of(WEBP);
        }
        if (b.length >= 6 && (startsWith(b, 0, "GIF87a".getBytes()) || startsWith(b, 0, "GIF89a".getBytes()))) {
            return Optional.of(GIF);
        }
        return Optional.empty();
    }

    public static Optional<ImageFormat> fromMediaType(String mediaType) {
        if (mediaType == null) {
            return Optional.empty();
        }
        String base = mediaType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        if (base.equals("image/jpg") || base.equals("image/pjpeg")) {
            return Optional.of(JPEG);
        }
        return Arrays.stream(values()).filter(f -> f.mediaType.equals(base)).findFirst();
    }

    private static boolean startsWith(byte[] b, int offset, byte[] prefix) {
        return Arrays.equals(b, offset, offset + prefix.length, prefix, 0, prefix.length);
    }
}
