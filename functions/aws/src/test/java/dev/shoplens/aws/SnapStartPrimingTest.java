package dev.shoplens.aws;

import dev.shoplens.core.port.Embedder;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class SnapStartPrimingTest {
    @Test
    void primingRunsTheModelBeforeTheSnapshot() {
        AtomicInteger calls = new AtomicInteger();
        Embedder counting = new Embedder() {
            public List<float[]> embed(List<BufferedImage> images) {
                calls.addAndGet(images.size());
                assertThat(images.getFirst().getWidth()).isEqualTo(256);
                return images.stream().map(i -> new float[]{1f}).toList();
            }

            public ModelDescription model() {
                return new ModelDescription("m", "1", 1, 128, 128);
            }

            public void close() {
            }
        };
        new SnapStartPriming(counting).beforeCheckpoint(null);
        assertThat(calls.get()).isEqualTo(3);
    }
}
