package dev.shoplens.core.imaging;

import dev.shoplens.core.domain.Box;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Guesses where the main object of a photo is: the part that differs most from the colours along the
 * photo's edges, which are usually background. Cheap (it works on a 96-pixel copy) and only a guess, so the
 * search uses it beside the whole photo, never instead of it.
 */
public final class MainObjectFinder {
    private static final int SIDE = 96;
    private static final int QUANT = 24;

    private MainObjectFinder() {
    }

    /** The object's box in normalised coordinates, or empty when no object stands out from the background. */
    public static Optional<Box> find(BufferedImage photo) {
        int w = Math.max(8, photo.getWidth() * SIDE / Math.max(photo.getWidth(), photo.getHeight()));
        int h = Math.max(8, photo.getHeight() * SIDE / Math.max(photo.getWidth(), photo.getHeight()));
        int[] px = PilResampler.resize(photo, w, h, PilResampler.Filter.BILINEAR).getRGB(0, 0, w, h, null, 0, w);
        List<int[]> background = edgePalette(px, w, h);
        float[] distance = new float[px.length];
        for (int i = 0; i < px.length; i++) {
            float best = Float.MAX_VALUE;
            for (int[] c : background) {
                best = Math.min(best, Math.abs(((px[i] >> 16) & 0xFF) - c[0]) + Math.abs(((px[i] >> 8) & 0xFF) - c[1])
                        + Math.abs((px[i] & 0xFF) - c[2]));
            }
            distance[i] = best;
        }
        float threshold = Math.max(60, otsu(distance));
        float[] rows = new float[h];
        float[] cols = new float[w];
        float total = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (distance[y * w + x] > threshold) {
                    rows[y]++;
                    cols[x]++;
                    total++;
                }
            }
        }
        if (total < 0.03f * w * h) {
            return Optional.empty();
        }
        // Trim 3 % of the foreground mass from each side: stray background pixels do not stretch the box.
        int top = cut(rows, total * 0.03f, false);
        int bottom = cut(rows, total * 0.03f, true);
        int left = cut(cols, total * 0.03f, false);
        int right = cut(cols, total * 0.03f, true);
        double mx = 0.06 * (right - left + 1);
        double my = 0.06 * (bottom - top + 1);
        double l = Math.max(0, (left - mx) / w);
        double t = Math.max(0, (top - my) / h);
        double r = Math.min(1, (right + 1 + mx) / w);
        double b = Math.min(1, (bottom + 1 + my) / h);
        double area = (r - l) * (b - t);
        int edges = (l < 0.02 ? 1 : 0) + (t < 0.02 ? 1 : 0) + (r > 0.98 ? 1 : 0) + (b > 0.98 ? 1 : 0);
        if (area < 0.08 || area > 0.8 || edges >= 2) {
            // nothing distinct, the object already fills the photo, or clutter runs off two sides of it
            return Optional.empty();
        }
        return Optional.of(new Box(l, t, r, b));
    }

    /** The colours covering at least 3 % of a 3-pixel ring along the edges, coarsely quantised. */
    private static List<int[]> edgePalette(int[] px, int w, int h) {
        Map<Integer, int[]> sums = new HashMap<>();
        int ring = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (x > 2 && y > 2 && x < w - 3 && y < h - 3) {
                    continue;
                }
                int p = px[y * w + x];
                int r = (p >> 16) & 0xFF;
                int g = (p >> 8) & 0xFF;
                int b = p & 0xFF;
                int key = (r / QUANT) * 4096 + (g / QUANT) * 64 + b / QUANT;
                int[] s = sums.computeIfAbsent(key, k -> new int[4]);
                s[0] += r;
                s[1] += g;
                s[2] += b;
                s[3]++;
                ring++;
            }
        }
        List<int[]> palette = new ArrayList<>();
        for (int[] s : sums.values()) {
            if (s[3] >= 0.03 * ring) {
                palette.add(new int[] {s[0] / s[3], s[1] / s[3], s[2] / s[3]});
            }
        }
        return palette;
    }

    /** Otsu's threshold: the value that best splits the distances into two classes. */
    private static float otsu(float[] values) {
        int[] histogram = new int[766];
        for (float v : values) {
            histogram[Math.min(765, (int) v)]++;
        }
        double sum = 0;
        for (int i = 0; i < histogram.length; i++) {
            sum += (double) i * histogram[i];
        }
        double sumBelow = 0;
        long below = 0;
        double best = -1;
        int threshold = 0;
        for (int i = 0; i < histogram.length; i++) {
            below += histogram[i];
            if (below == 0 || below == values.length) {
                continue;
            }
            sumBelow += (double) i * histogram[i];
            long above = values.length - below;
            double meanBelow = sumBelow / below;
            double meanAbove = (sum - sumBelow) / above;
            double between = (double) below * above * (meanBelow - meanAbove) * (meanBelow - meanAbove);
            if (between > best) {
                best = between;
                threshold = i;
            }
        }
        return threshold;
    }

    private static int cut(float[] mass, float skip, boolean fromEnd) {
        float seen = 0;
        for (int k = 0; k < mass.length; k++) {
            int i = fromEnd ? mass.length - 1 - k : k;
            seen += mass[i];
            if (seen > skip) {
                return i;
            }
        }
        return fromEnd ? mass.length - 1 : 0;
    }
}
