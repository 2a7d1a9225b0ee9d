package dev.shoplens.local.bench;

import dev.shoplens.core.port.Embedder;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** Counts the time spent in the model, so the benchmark can say what share of ingest it is. */
final class TimedEmbedder implements Embedder {
    private final Embedder delegate;
    private final AtomicLong nanos = new AtomicLong();

    TimedEmbedder(Embedder delegate) {
        this.delegate = delegate;
    }

    @Override
    public List<float[]> embed(List<BufferedImage> images) {
        long start = System.nanoTime();
        try {
            return delegate.embed(images);
        } finally {
            nanos.addAndGet(System.nanoTime() - start);
        }
    }

    @Override
    public ModelDescription model() {
        return delegate.model();
    }

    @Override
    public void close() {
        delegate.close();
    }

    Embedder delegate() {
        return delegate;
    }

    double millis() {
        return nanos.get() / 1e6;
    }

    void reset() {
        nanos.set(0);
    }
}
