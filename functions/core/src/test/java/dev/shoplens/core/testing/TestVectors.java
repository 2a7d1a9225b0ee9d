package dev.shoplens.core.testing;

import dev.shoplens.core.embedding.Vectors;

import java.util.Random;

/** Random unit vectors: the hardest case for an ANN index, with no structure to exploit. */
public final class TestVectors {
    private TestVectors() {
    }

    public static float[] unit(Random rnd, int dim) {
        float[] v = new float[dim];
        for (int i = 0; i < dim; i++) {
            v[i] = (float) rnd.nextGaussian();
        }
        Vectors.normalize(v);
        return v;
    }
}
