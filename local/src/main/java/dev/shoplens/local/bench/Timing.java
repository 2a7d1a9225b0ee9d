package dev.shoplens.local.bench;

import java.util.Arrays;

/** Medians and percentiles of repeated runs after a warm-up; pairs measured alternately, so noise hits both. */
final class Timing {
    private static final int BLOCK = 10;

    private Timing() {
    }

    static double medianMillis(int runs, Runnable work) {
        work.run();
        double[] ms = new double[runs];
        for (int i = 0; i < runs; i++) {
            long t = System.nanoTime();
            work.run();
            ms[i] = (System.nanoTime() - t) / 1e6;
        }
        return percentile(ms, 50);
    }

    /**
     * Medians of {@code a} and {@code b}, run in alternating blocks of ten. Blocks rather than single calls:
     * ONNX Runtime's threads spin for a while after each run, so a call straight after the other side's
     * would pay for that side's spinning.
     */
    static double[] alternatingMedians(int runs, Runnable a, Runnable b) {
        for (int i = 0; i < BLOCK; i++) { // warm-up: JIT, allocator and thread pool reach their steady state
            a.run();
            b.run();
        }
        double[] ta = new double[runs];
        double[] tb = new double[runs];
        for (int block = 0; block < runs; block += BLOCK) {
            int end = Math.min(runs, block + BLOCK);
            time(a, ta, block, end);
            time(b, tb, block, end);
        }
        return new double[]{percentile(ta, 50), percentile(tb, 50)};
    }

    private static void time(Runnable work, double[] into, int from, int to) {
        for (int i = from; i < to; i++) {
            long t = System.nanoTime();
            work.run();
            into[i] = (System.nanoTime() - t) / 1e6;
        }
    }

    static double percentile(double[] values, double p) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(p / 100 * sorted.length) - 1;
        return sorted[Math.clamp(index, 0, sorted.length - 1)];
    }
}
