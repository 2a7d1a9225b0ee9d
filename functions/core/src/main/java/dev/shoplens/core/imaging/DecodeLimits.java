package dev.shoplens.core.imaging;

/**
 * What the decoder accepts. The pixel limit is checked against the header before any pixel is decoded, so
 * a small file that claims to be enormous (a decompression bomb) costs nothing.
 *
 * @param maxBytes  the largest body accepted, in bytes
 * @param maxPixels the largest width * height accepted
 */
public record DecodeLimits(long maxBytes, long maxPixels) {
    public static final DecodeLimits DEFAULT = new DecodeLimits(20L * 1024 * 1024, 50_000_000L);

    public DecodeLimits {
        if (maxBytes <= 0 || maxPixels <= 0) {
            throw new IllegalArgumentException("decode limits must be positive");
        }
    }
}
