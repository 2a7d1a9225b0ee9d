package dev.shoplens.local;

import dev.shoplens.core.port.Embedder;
import dev.shoplens.core.testing.ReindexScenarios;
import dev.shoplens.engine.djl.DjlEmbedder;
import dev.shoplens.local.files.FileImageStore;
import dev.shoplens.local.files.FileIndexGenerations;
import dev.shoplens.local.lucene.LuceneCatalogStore;
import dev.shoplens.local.lucene.LuceneImageRecords;
import dev.shoplens.local.lucene.LuceneVectorIndex;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The re-index on the local stores: Lucene index per model, file pointer, Lucene catalog and ledger. */
class LocalReindexScenariosTest extends ReindexScenarios {
    @TempDir
    Path data;
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    private <T extends AutoCloseable> T opened(T thing) {
        open.add(thing);
        return thing;
    }

    @Override
    protected Fixture fixture() {
        LuceneCatalogStore catalog = opened(LuceneCatalogStore.open(data.resolve("catalog")));
        LuceneImageRecords records = opened(LuceneImageRecords.open(data.resolve("records")));
        FileImageStore images = new FileImageStore(data.resolve("images"));
        FileIndexGenerations generations = new FileIndexGenerations(data.resolve("indexes"));
        return new Fixture(catalog, images, records, generations, model -> opened(LuceneVectorIndex.open(
                generations.folderOf(model.model().versionTag()), model.model().versionTag(), model.model().dimension())));
    }

    private Embedder tiny;
    private Embedder builtin;

    @Override
    protected Embedder oldModel() {
        if (tiny == null) {
            tiny = opened(DjlEmbedder.load(Path.of("../functions/core/src/test/resources/models/tiny"), 1));
        }
        return tiny;
    }

    @Override
    protected Embedder newModel() {
        if (builtin == null) {
            builtin = opened(DjlEmbedder.load(Path.of("../layers/model/builtin"), 1));
        }
        return builtin;
    }
}
