package dev.shoplens.core.imaging;

import java.awt.image.BufferedImage;

/**
 * Resizes an 8-bit RGB picture exactly as Pillow's {@code Image.resize} does with its BILINEAR and BICUBIC
 * filters, which is what the Python image processors of CLIP, DINOv2 and the ImageNet CNNs call: a
 * separable convolution whose kernel widens with the reduction (so shrinking averages rather than skips),
 * weights normalised then rounded to 22-bit fixed point, the horizontal pass first and each pass rounded
 * back to 8 bits. Matching that arithmetic, not just the filter, is what makes a Java embedding agree with
 * the model's Python reference to the last pixel level; no Java imaging library reproduces it.
 */
public final class PilResampler {
    private static final int PRECISION_BITS = 32 - 8 - 2;

    public enum Filter {
        BILINEAR(1.0) {
            @Override
            double weight(double x) {
                x = Math.abs(x);
                return x < 1.0 ? 1.0 - x : 0.0;
            }
        },
        BICUBIC(2.0) {
            @Override
            double weight(double x) {
                final double a = -0.5;
                x = Math.abs(x);
                if (x < 1.0) {
                    return ((a + 2.0) * x - (a + 3.0)) * x * x + 1;
                }
                if (x < 2.0) {
                    return (((x - 5) * x + 8) * x - 4) * a;
                }
                return 0.0;
            }
        };

        private final double support;

        Filter(double support) {
            this.support = support;
        }

        abstract double weight(double x);
    }

    private PilResampler() {
    }

    /** The picture resized to {@code width} x {@code height}; alpha, if any, must already be composited. */
    public static BufferedImage resize(BufferedImage src, int width, int height, Filter filter) {
        int w = src.getWidth();
        int h = src.getHeight();
        int[] pixels = src.getRGB(0, 0, w, h, null, 0, w);
        if (w != width) {
            pixels = horizontal(pixels, w, h, width, coefficients(w, width, filter));
            w = width;
        }
        if (h != height) {
            pixels = vertical(pixels, w, h, height, coefficients(h, height, filter));
        }
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        out.setRGB(0, 0, width, height, pixels, 0, width);
        return out;
    }

    /** Per output position: the first input position, how many it reads, and their fixed-point weights. */
    private record Coefficients(int size, int[] start, int[] count, int[] weights) {
    }

    private static Coefficients coefficients(int inSize, int outSize, Filter filter) {
        double scale = inSize / (double) outSize;
        double filterScale = Math.max(scale, 1.0);
        double support = filter.support * filterScale;
        int size = (int) Math.ceil(support) * 2 + 1;
        int[] start = new int[outSize];
        int[] count = new int[outSize];
        int[] weights = new int[outSize * size];
        double[] k = new double[size];
        for (int xx = 0; xx < outSize; xx++) {
            double center = (xx + 0.5) * scale;
            double ss = 1.0 / filterScale;
            int xmin = Math.max(0, (int) (center - support + 0.5));
            int xmax = Math.min(inSize, (int) (center + support + 0.5)) - xmin;
            double total = 0;
            for (int x = 0; x < xmax; x++) {
                k[x] = filter.weight((x + xmin - center + 0.5) * ss);
                total += k[x];
            }
            for (int x = 0; x < xmax; x++) {
                double normalised = total != 0.0 ? k[x] / total : k[x];
                // Pillow rounds half away from zero when it turns weights into fixed point.
                weights[xx * size + x] = (int) (normalised < 0 ? -0.5 + normalised * (1 << PRECISION_BITS)
                        : 0.5 + normalised * (1 << PRECISION_BITS));
            }
            start[xx] = xmin;
            count[xx] = xmax;
        }
        return new Coefficients(size, start, count, weights);
    }

    private static int[] horizontal(int[] in, int w, int h, int outW, Coefficients c) {
        int[] out = new int[outW * h];
        for (int y = 0; y < h; y++) {
            int row = y * w;
            for (int xx = 0; xx < outW; xx++) {
                int r = 1 << (PRECISION_BITS - 1);
                int g = r;
                int b = r;
                int base = xx * c.size();
                for (int x = 0; x < c.count()[xx]; x++) {
                    int p = in[row + c.start()[xx] + x];
                    int weight = c.weights()[base + x];
                    r += ((p >> 16) & 0xFF) * weight;
                    g += ((p >> 8) & 0xFF) * weight;
                    b += (p & 0xFF) * weight;
                }
                out[y * outW + xx] = (clip8(r) << 16) | (clip8(g) << 8) | clip8(b);
            }
        }
        return out;
    }

    private static int[] vertical(int[] in, int w, int h, int outH, Coefficients c) {
        int[] out = new int[w * outH];
        for (int yy = 0; yy < outH; yy++) {
            int base = yy * c.size();
            for (int x = 0; x < w; x++) {
                int r = 1 << (PRECISION_BITS - 1);
                int g = r;
                int b = r;
                for (int y = 0; y < c.count()[yy]; y++) {
                    int p = in[(c.start()[yy] + y) * w + x];
                    int weight = c.weights()[base + y];
                    r += ((p >> 16) & 0xFF) * weight;
                    g += ((p >> 8) & 0xFF) * weight;
                    b += (p & 0xFF) * weight;
                }
                out[yy * w + x] = (clip8(r) << 16) | (clip8(g) << 8) | clip8(b);
            }
        }
        return out;
    }

    private static int clip8(int value) {
        if (value >= (1 << PRECISION_BITS << 8)) {
            return 255;
        }
        if (value <= 0) {
            return 0;
        }
        return value >> PRECISION_BITS;
    }
}
