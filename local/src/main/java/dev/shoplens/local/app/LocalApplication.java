package dev.shoplens.local.app;

import dev.shoplens.core.embedding.ModelEngines;
import dev.shoplens.core.imaging.ImageDecoder;
import dev.shoplens.core.port.Embedder;
import dev.shoplens.core.port.ObjectFinder;
import dev.shoplens.core.service.CatalogService;
import dev.shoplens.core.service.CatalogUploadService;
import dev.shoplens.core.service.IndexStartupPolicy;
import dev.shoplens.core.service.IngestService;
import dev.shoplens.core.service.ProductEditService;
import dev.shoplens.core.service.ReconcileService;
import dev.shoplens.core.service.ReindexService;
import dev.shoplens.core.service.SearchService;
import dev.shoplens.local.files.FileImageStore;
import dev.shoplens.local.files.FileIndexGenerations;
import dev.shoplens.local.lucene.LuceneCatalogStore;
import dev.shoplens.local.lucene.LuceneImageRecords;
import dev.shoplens.local.lucene.LuceneVectorIndex;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.function.UnaryOperator;

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
    private final ImageDecoder decoder;
    private final FileIndexGenerations generations;
    private final Path modelDir;
    private final ObjectFinder finder;
    private final ProductEditService edits;

    private LocalApplication(Embedder embedder, LuceneVectorIndex index, LuceneCatalogStore catalog,
                             LuceneImageRecords records, FileImageStore images, ImageDecoder decoder,
                             FileIndexGenerations generations, Path modelDir, ObjectFinder finder) {
        this.embedder = embedder;
        this.modelDir = modelDir;
        this.decoder = decoder;
        this.generations = generations;
        this.index = index;
        this.catalog = catalog;
        this.records = records;
        this.images = images;
        this.ingest = new IngestService(decoder, embedder, index, catalog, images, records, Clock.systemUTC(),
                Duration.ofMinutes(2));
        this.uploads = new CatalogUploadService(decoder, images, ingest, Clock.systemUTC());
        this.finder = finder;
        this.search = new SearchService(decoder, embedder, index, catalog, finder);
        this.catalogService = new CatalogService(catalog, images, records, decoder.limits().maxBytes());
        this.edits = new ProductEditService(catalog, records, index, Clock.systemUTC());
    }

    /**
     * Opens the data directory for serving: its live index must be the configured model's (or the directory
     * is new), so a search never compares vectors of two models.
     */
    public static LocalApplication start(LocalConfig config) {
        return open(config, false, UnaryOperator.identity());
    }

    /** As {@link #start(LocalConfig)}, with the model wrapped (the benchmark times the model this way). */
    public static LocalApplication start(LocalConfig config, UnaryOperator<Embedder> wrapModel) {
        return open(config, false, wrapModel);
    }

    /**
     * Opens the data directory to fill the configured model's index beside the live one, as {@code reindex}
     * does; the live index is left as it is.
     */
    public static LocalApplication openForReindex(LocalConfig config) {
        return open(config, true, UnaryOperator.identity());
    }

    private static LocalApplication open(LocalConfig config, boolean reindexing, UnaryOperator<Embedder> wrapModel) {
        Path data = config.dataDir();
        Path modelDir = config.modelDir() != null ? config.modelDir()
                : BuiltinModel.extractTo(data.resolve("models").resolve("builtin"));
        Embedder embedder = wrapModel.apply(ModelEngines.load(modelDir, config.predictors()));
        LuceneVectorIndex index = null;
        LuceneCatalogStore catalog = null;
        ObjectFinder finder = null;
        try {
            finder = objectFinder(config);
            Embedder.ModelDescription model = embedder.model();
            LuceneVectorIndex.DIMENSION_LIMIT.admit(model.versionTag(), model.dimension());
            FileIndexGenerations generations = new FileIndexGenerations(data.resolve("indexes"));
            moveSingleIndexLayout(data, generations, model.versionTag());
            String howToReindex = "To move the catalog in " + data + " to " + model.versionTag() + ", run: shoplens "
                    + "reindex --data " + data + (config.modelDir() == null ? "" : " --model " + config.modelDir())
                    + " (it re-embeds every catalog image and resumes if stopped)";
            index = new IndexStartupPolicy(generations, howToReindex).open(model.versionTag(),
                    reindexing ? IndexStartupPolicy.Role.REINDEX : IndexStartupPolicy.Role.INGEST,
                    () -> LuceneVectorIndex.open(generations.folderOf(model.versionTag()), model.versionTag(),
                            model.dimension(), config.vectors()));
            catalog = LuceneCatalogStore.open(data.resolve("catalog"));
            LuceneImageRecords records = LuceneImageRecords.open(data.resolve("records"));
            return new LocalApplication(embedder, index, catalog, records, new FileImageStore(data.resolve("images")),
                    new ImageDecoder(config.limits()), generations, modelDir, finder);
        } catch (RuntimeException e) {
            if (finder != null) {
                finder.close();
            }
            if (catalog != null) {
                catalog.close();
            }
            if (index != null) {
                index.close();
            }
            embedder.close();
            throw e;
        }
    }

    private static ObjectFinder objectFinder(LocalConfig config) {
        return switch (config.objectFinder()) {
            case LocalConfig.HEURISTIC -> ObjectFinder.heuristic();
            case LocalConfig.BUILTIN -> ModelEngines.loadObjectFinder(BuiltinModel.extractObjectFinderTo(
                    config.dataDir().resolve("models").resolve("object-finder")));
            default -> ModelEngines.loadObjectFinder(Path.of(config.objectFinder()));
        };
    }

    /** Data directories from before one index per model kept theirs in {@code index/}: it becomes the live one. */
    private static void moveSingleIndexLayout(Path data, FileIndexGenerations generations, String model) {
        Path old = data.resolve("index");
        if (!Files.isDirectory(old) || generations.live().isPresent()) {
            return;
        }
        try {
            Files.createDirectories(generations.folderOf(model).getParent());
            Files.move(old, generations.folderOf(model));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move " + old + " to " + generations.folderOf(model), e);
        }
        generations.promote(model);
    }

    /** What finds the items of a photo for {@code "box": "auto"}. */
    public ObjectFinder objectFinder() {
        return finder;
    }

    /** The model directory in use (the built-in model's extracted copy when none was given). */
    public Path modelDir() {
        return modelDir;
    }

    public ImageDecoder decoder() {
        return decoder;
    }

    public FileIndexGenerations generations() {
        return generations;
    }

    /** Compares image files, records, index and catalog, and repairs what disagrees. */
    public ReconcileService reconcile() {
        return new ReconcileService(images, records, index, catalog, ingest, Clock.systemUTC());
    }

    public ReindexService reindex() {
        return new ReindexService(decoder, embedder, index, catalog, images, records, generations, Clock.systemUTC());
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

    public ProductEditService productEdits() {
        return edits;
    }

    public CatalogService catalogService() {
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
        finder.close();
    }
}
