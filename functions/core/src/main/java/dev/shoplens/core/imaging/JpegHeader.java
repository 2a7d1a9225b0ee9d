package dev.shoplens.core.imaging;

import java.util.Optional;

/**
 * What a JPEG's markers say before its first scan: size, sample precision, components, coding process and
 * the Adobe colour transform. Read from the bytes directly (no decoder), so the pixel limit and the choice of
 * decoder cost microseconds.
 *
 * @param progressive    whether the frame is progressive (SOF2) rather than sequential (SOF0/SOF1)
 * @param huffman        whether the frame uses Huffman coding (every SOF but SOF9-SOF15)
 * @param adobeTransform the APP14 "Adobe" transform flag (0 none, 1 YCbCr, 2 YCCK), or -1 when absent
 */
public record JpegHeader(int width, int height, int precision, int components, boolean progressive,
                         boolean huffman, int adobeTransform) {
    private static final int SOI = 0xD8;
    private static final int EOI = 0xD9;
    private static final int SOS = 0xDA;
    private static final int APP14 = 0xEE;

    /**
     * Whether a stock 8-bit libjpeg build decodes it with the colours the pure-Java path gives: grey or YCbCr
     * (or untransformed RGB), Huffman-coded. CMYK and YCCK stay with the pure-Java path, which knows their
     * inverted Adobe convention.
     */
    public boolean isPlainColour() {
        return precision == 8 && huffman && (components == 1 || components == 3);
    }

    /**
     * Reads the header up to the first scan; empty when the markers are malformed or no frame header comes
     * before the scan (the decoder then reports the file as corrupt).
     */
    public static Optional<JpegHeader> read(byte[] b) {
        Segments segments = new Segments(b);
        int adobe = -1;
        while (segments.next()) {
            int marker = segments.marker;
            int body = segments.position + 4;
            if (marker == SOS || marker == EOI) {
                return Optional.empty(); // a scan or the end before any frame header
            }
            if (isStartOfFrame(marker)) {
                if (segments.length < 8) {
                    return Optional.empty();
                }
                int precision = b[body] & 0xFF;
                int height = ((b[body + 1] & 0xFF) << 8) | (b[body + 2] & 0xFF);
                int width = ((b[body + 3] & 0xFF) << 8) | (b[body + 4] & 0xFF);
                int components = b[body + 5] & 0xFF;
                return Optional.of(new JpegHeader(width, height, precision, components, marker == 0xC2,
                        marker < 0xC9, adobe));
            }
            if (marker == APP14 && segments.length >= 14 && b[body] == 'A' && b[body + 1] == 'd'
                    && b[body + 2] == 'o' && b[body + 3] == 'b' && b[body + 4] == 'e') {
                adobe = b[body + 11] & 0xFF;
            }
        }
        return Optional.empty();
    }

    /** SOF0-SOF15 but DHT (C4), JPG (C8) and DAC (CC), which share the range. */
    private static boolean isStartOfFrame(int marker) {
        return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
    }

    /**
     * Whether the stream reaches its end-of-image marker after its first scan. The first scan is found by
     * walking the segments by their lengths, so the thumbnail JPEG that phones embed in EXIF (with a scan and
     * an end marker of its own) is skipped. Entropy-coded data stuffs every 0xFF with a zero, so the first
     * FF D9 after the scan starts is the real end; libjpeg fills a truncated file with grey and only warns,
     * so this is how a cut-off upload is caught on the native path. Bytes after the marker (phones append
     * video or depth maps there) are allowed.
     */
    public static boolean reachesEndOfImage(byte[] b) {
        Segments segments = new Segments(b);
        while (segments.next()) {
            if (segments.marker == SOS) {
                return indexOfMarker(b, EOI, segments.position + 2) >= 0;
            }
        }
        return false;
    }

    /** Walks the marker segments before the first scan, by their declared lengths. */
    private static final class Segments {
        private final byte[] b;
        private int position = 2; // after SOI
        private int marker;
        private int length;
        private boolean started;

        private final boolean startsWithSoi;

        Segments(byte[] b) {
            this.b = b;
            this.startsWithSoi = b.length >= 4 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == SOI;
        }

        /** Moves to the next segment; false at the end of the bytes or on a malformed marker. */
        boolean next() {
            if (!startsWithSoi) {
                return false;
            }
            if (started) {
                if (marker == SOS || marker == EOI) {
                    return false;
                }
                position += 2 + length;
            }
            started = true;
            while (position + 4 <= b.length && (b[position] & 0xFF) == 0xFF && (b[position + 1] & 0xFF) == 0xFF) {
                position++; // fill bytes before a marker
            }
            if (position + 4 > b.length || (b[position] & 0xFF) != 0xFF) {
                return false;
            }
            marker = b[position + 1] & 0xFF;
            length = ((b[position + 2] & 0xFF) << 8) | (b[position + 3] & 0xFF);
            if (marker != SOS && marker != EOI && (length < 2 || position + 2 + length > b.length)) {
                return false;
            }
            return true;
        }
    }

    private static int indexOfMarker(byte[] b, int marker, int from) {
        for (int i = from; i + 1 < b.length; i++) {
            if (b[i] == (byte) 0xFF && (b[i + 1] & 0xFF) == marker) {
                return i;
            }
        }
        return -1;
    }
}
