package dev.shoplens.core.embedding;

/** Small vector arithmetic used on embeddings. */
public final class Vectors {
    private Vectors() {
    }

    /** Scales {@code v} to unit length in place; a zero vector stays zero. */
    public static void normalize(float[] v) {
        double sum = 0;
        for (float x : v) {
            sum += (double) x * x;
        }
        if (sum == 0) {
            return;
        }
        float inv = (float) (1.0 / Math.sqrt(sum));
        for (int i = 0; i < v.length; i++) {
            v[i] *= inv;
        }
    }

    public static float dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (double) a[i] * b[i];
        }
        return (float) s;
    }
}
