package dev.shoplens.local.app;

import dev.shoplens.core.embedding.DjlEmbedder;
import dev.shoplens.core.imaging.ImageDecoder;
import dev.shoplens.core.port.Embedder;
import dev.shoplens.core.service.CatalogService;
import dev.shoplens.core.service.CatalogUploadService;
import dev.shoplens.core.service.IngestService;
import dev.shoplens.core.service.SearchService;
import dev.shoplens.local.files.FileImageStore;
import dev.shoplens.local.lucene.LuceneCatalogStore;
import dev.shoplens.local.lucene.LuceneImageRecords;
import dev.shoplens.local.lucene.LuceneVectorIndex;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * The local mode's composition root: the core services over the embedded adapters (Lucene HNSW index,
 * Lucene catalog, image files), all under one data directory.
 */
public final class LocalApplication implements AutoCloseable {
    private final Embedder embedder;
    private final LuceneVectorIndex index;
    private final LuceneCatalogStore catalog;
    private final LuceneImageRecords records;
    private final FileImageStore images;
    private final IngestService ingest;
    private final CatalogUploadService uploads;
    private final SearchService search;
    private final CatalogService catalogService;

    private LocalApplication(Embedder embedder, LuceneVectorIndex index, LuceneCatalogStore catalog,
                             LuceneImageRecords records, FileImageStore images, ImageDecoder decoder) {
        this.embedder = embedder;
        this.index = index;
        this.catalog = catalog;
        this.records = records;
        this.images = images;
        this.ingest = new IngestService(decoder, embedder, index, catalog, images, records, Clock.systemUTC(),
                Duration.ofMinutes(2));
        this.uploads = new CatalogUploadService(decoder, images, ingest, Clock.systemUTC());
        this.search = new SearchService(decoder, embedder, index, catalog);
        this.catalogService = new CatalogService(catalog, images, decoder.limits().maxBytes());
    }

    public static LocalApplication start(LocalConfig config) {
        Path data = config.dataDir();
        Path modelDir = config.modelDir() != null ? config.modelDir()
                : BuiltinModel.extractTo(data.resolve("models").resolve("builtin"));
        DjlEmbedder embedder = DjlEmbedder.load(modelDir, config.predictors());
        LuceneVectorIndex index = null;
        try {
            Embedder.ModelDescription model = embedder.model();
            index = LuceneVectorIndex.open(data.resolve("index"), model.versionTag(), model.dimension());
            LuceneCatalogStore catalog = LuceneCatalogStore.open(data.resolve("catalog"));
            LuceneImageRecords records = LuceneImageRecords.open(data.resolve("records"));
            return new LocalApplication(embedder, index, catalog, records, new FileImageStore(data.resolve("images")),
                    new ImageDecoder(config.limits()));
        } catch (RuntimeException e) {
            if (index != null) {
                index.close();
            }
            embedder.close();
            throw e;
        }
    }

    public IngestService ingest() {
        return ingest;
    }

    public CatalogUploadService uploads() {
        return uploads;
    }

    public LuceneVectorIndex index() {
        return index;
    }

    public LuceneCatalogStore catalogStore() {
        return catalog;
    }

    public LuceneImageRecords records() {
        return records;
    }

    public FileImageStore images() {
        return images;
    }

    public SearchService search() {
        return search;
    }

    public CatalogService catalog() {
        return catalogService;
    }

    public Embedder embedder() {
        return embedder;
    }

    public long imageCount() {
        return index.size();
    }

    @Override
    public void close() {
        catalog.close();
        records.close();
        index.close();
        embedder.close();
    }
}
