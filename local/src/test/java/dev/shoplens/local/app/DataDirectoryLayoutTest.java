package dev.shoplens.local.app;

import dev.shoplens.core.domain.ImageKey;
import dev.shoplens.core.domain.ProductId;
import dev.shoplens.core.model.ModelManifestReader;
import dev.shoplens.core.port.IndexGenerations;
import dev.shoplens.core.port.VectorIndex;
import dev.shoplens.core.testing.TestVectors;
import dev.shoplens.local.lucene.LuceneVectorIndex;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Data directories written before one index per model keep their index, which becomes the live one. */
class DataDirectoryLayoutTest {
    @TempDir
    Path data;

    @Test
    void anIndexInTheOldSingleFolderBecomesTheLiveIndexOfItsModel() {
        String model = ModelManifestReader.readManifestOnly(Path.of("../layers/model/builtin")).versionTag();
        try (LuceneVectorIndex old = LuceneVectorIndex.open(data.resolve("index"), model, 256)) {
            old.add(List.of(new VectorIndex.VectorRecord(ImageKey.of("catalog/mug/a.png"), ProductId.of("mug"),
                    TestVectors.unit(new Random(1), 256), model, Map.of())));
        }
        try (LocalApplication app = LocalApplication.start(LocalConfig.defaults(data))) {
            assertThat(app.generations().live()).contains(model);
            assertThat(app.index().size()).isEqualTo(1);
            assertThat(app.index().vectorIdsOf(ImageKey.of("catalog/mug/a.png"))).hasSize(1);
        }
        assertThat(data.resolve("index")).doesNotExist();
        assertThat(Files.isDirectory(data.resolve("indexes/" + IndexGenerations.slug(model)))).isTrue();
    }
}
