package dev.shoplens.local.lucene;

import dev.shoplens.core.domain.ImageKey;
import dev.shoplens.core.domain.Product;
import dev.shoplens.core.domain.ProductId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

class LuceneCatalogStoreTest {
    private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");
    private static final Instant T1 = Instant.parse("2026-11-26T11:00:00Z");

    @TempDir
    Path dir;

    private static ImageKey image(int i) {
        return ImageKey.of("catalog/p/" + i + ".jpg");
    }

    @Test
    void createsThenMergesAProductAndKeepsItAcrossReopen() {
        ProductId id = ProductId.of("shoe-1");
        try (LuceneCatalogStore store = LuceneCatalogStore.open(dir)) {
            store.addImage(id, image(1), "Running shoe", Map.of("colour", "purple"), T0);
            store.addImage(id, image(2), null, Map.of("size", "42"), T1);
            store.addImage(id, image(3), null, null, T1);
            store.removeImage(id, image(3), T1);
            Product p = store.find(id).orElseThrow();
            assertThat(p.name()).isEqualTo("Running shoe");
            assertThat(p.attributes()).containsEntry("colour", "purple").containsEntry("size", "42");
            assertThat(p.images()).containsExactly(image(1), image(2));
        }
        try (LuceneCatalogStore store = LuceneCatalogStore.open(dir)) {
            Product p = store.find(id).orElseThrow();
            assertThat(p.images()).containsExactly(image(1), image(2));
            assertThat(p.createdAt()).isEqualTo(T0);
            assertThat(p.updatedAt()).isEqualTo(T1);
            assertThat(store.count()).isEqualTo(1);
            assertThat(store.findAll(List.of(id, ProductId.of("absent")))).containsOnlyKeys(id);
        }
    }

    @Test
    void concurrentAdditionsToOneProductLoseNoImage() throws Exception {
        ProductId id = ProductId.of("busy");
        try (LuceneCatalogStore store = LuceneCatalogStore.open(dir)) {
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<?>> futures = new java.util.ArrayList<>();
                for (int i = 0; i < 40; i++) {
                    int n = i;
                    futures.add(pool.submit(() -> store.addImage(id, image(n), null, Map.of(), T0)));
                }
                for (Future<?> f : futures) {
                    f.get();
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(store.find(id).orElseThrow().images()).hasSize(40);
        }
    }
}
