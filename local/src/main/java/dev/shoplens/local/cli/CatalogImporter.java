package dev.shoplens.local.cli;

import dev.shoplens.core.domain.CatalogImageUpload;
import dev.shoplens.core.domain.ImageRecord;
import dev.shoplens.core.domain.ShopLensException;
import dev.shoplens.core.service.CatalogUploadService;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.IntConsumer;

/**
 * Imports a catalog ({@link CatalogSource}: a folder, a CSV or a JSON Lines manifest) in batches, into the
 * embedded store or a deployed stack ({@link CatalogTarget}). It resumes: an image whose bytes are already indexed under its product is skipped
 * without embedding it again, so an interrupted import run again picks up where it stopped. A bad entry is
 * reported with its reason and does not stop the others; {@code dryRun} checks everything and changes nothing.
 */
public final class CatalogImporter {
    private static final int BATCH = 16;
    private static final Duration DOWNLOAD_TIMEOUT = Duration.ofSeconds(30);

    private final CatalogTarget target;
    private final long maxImageBytes;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NORMAL).build();

    public CatalogImporter(CatalogTarget target, long maxImageBytes) {
        this.target = target;
        this.maxImageBytes = maxImageBytes;
    }

    /** The importer of a local application's data directory. */
    public static CatalogImporter of(dev.shoplens.local.app.LocalApplication app) {
        return new CatalogImporter(CatalogTarget.embedded(app.uploads(), app.catalogService()),
                app.decoder().limits().maxBytes());
    }

    /**
     * What an import did (or, dry, would do): images indexed now, images found already indexed, images that
     * failed, manifest entries and files skipped, one line per problem, and how many images an earlier,
     * interrupted run had left half-applied (their records still PENDING).
     */
    public record Summary(int products, int indexed, int alreadyIndexed, int failed, int skipped,
                          List<String> problems, long millis, int interrupted) {
    }

    /** What to import, read and checked, in a stable order. */
    public record Plan(CatalogSource.Contents contents) {
        public int size() {
            return contents.items().size();
        }
    }

    public Plan plan(Path source) {
        return new Plan(CatalogSource.read(source));
    }

    public Summary run(Plan plan, IntConsumer progress) {
        return run(plan, progress, false);
    }

    public Summary dryRun(Plan plan, IntConsumer progress) {
        return run(plan, progress, true);
    }

    private Summary run(Plan plan, IntConsumer progress, boolean dry) {
        long start = System.nanoTime();
        CatalogSource.Contents contents = plan.contents();
        List<String> problems = new ArrayList<>(contents.skipped());
        Set<String> products = new TreeSet<>();
        int indexed = 0;
        int already = 0;
        int failed = 0;
        int interrupted = 0;
        List<CatalogImageUpload> batch = new ArrayList<>();
        List<CatalogSource.Item> batchItems = new ArrayList<>();
        List<CatalogSource.Item> items = contents.items();
        for (int i = 0; i < items.size(); i++) {
            CatalogSource.Item item = items.get(i);
            try {
                byte[] bytes = read(contents.base(), item);
                ImageRecord.Status status = target.status(item.product(), bytes);
                interrupted += status == ImageRecord.Status.PENDING ? 1 : 0;
                if (status == ImageRecord.Status.INDEXED) {
                    if (!dry) {
                        target.alreadyIndexed(new CatalogImageUpload(item.product(), bytes, item.name(),
                                item.attributes()));
                    }
                    already++;
                    products.add(item.product().value());
                    progress.accept(1);
                } else if (dry) {
                    indexed++; // would be indexed: the bytes are an image the service takes
                    products.add(item.product().value());
                    progress.accept(1);
                } else {
                    batch.add(new CatalogImageUpload(item.product(), bytes, item.name(), item.attributes()));
                    batchItems.add(item);
                }
            } catch (ShopLensException e) {
                problems.add(describe(item) + ": " + e.getMessage());
                failed++;
                progress.accept(1);
            }
            if (!batch.isEmpty() && (batch.size() == BATCH || i == items.size() - 1)) {
                List<CatalogUploadService.Uploaded> outcomes = target.addAll(batch);
                for (int j = 0; j < outcomes.size(); j++) {
                    CatalogUploadService.Uploaded o = outcomes.get(j);
                    if (o.ok()) {
                        indexed++;
                        products.add(o.key().productId().value());
                    } else {
                        failed++;
                        problems.add(describe(batchItems.get(j)) + ": " + o.failure().getMessage());
                    }
                }
                progress.accept(outcomes.size());
                batch.clear();
                batchItems.clear();
            }
        }
        if (!dry) {
            List<String> late = target.finish();
            problems.addAll(late);
            failed += late.size();
        }
        return new Summary(products.size(), indexed, already, failed, contents.skipped().size(), problems,
                (System.nanoTime() - start) / 1_000_000, interrupted);
    }

    private static String describe(CatalogSource.Item item) {
        return item.origin().equals(item.image()) ? item.image() : item.origin() + " (" + item.image() + ")";
    }

    /** The image's bytes from its file or URL, refused past the size limit before it is all read. */
    private byte[] read(Path base, CatalogSource.Item item) {
        if (item.remote()) {
            return download(item.image());
        }
        Path file = base.resolve(item.image()).normalize();
        try {
            long size = Files.size(file);
            if (size > maxImageBytes) {
                throw ShopLensException.invalid("the file has " + size + " bytes; images are limited to "
                        + maxImageBytes);
            }
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw ShopLensException.invalid("cannot read " + file + " (" + e.getClass().getSimpleName() + ": "
                    + e.getMessage() + ")");
        }
    }

    private byte[] download(String url) {
        try {
            HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(DOWNLOAD_TIMEOUT).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    throw ShopLensException.invalid("downloading it answered HTTP " + response.statusCode());
                }
                byte[] bytes = body.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxImageBytes + 1));
                if (bytes.length > maxImageBytes) {
                    throw ShopLensException.invalid("the image at the URL is larger than the limit of "
                            + maxImageBytes + " bytes");
                }
                return bytes;
            }
        } catch (IllegalArgumentException e) {
            throw ShopLensException.invalid("not a valid URL (" + e.getMessage() + ")");
        } catch (IOException e) {
            throw ShopLensException.invalid("cannot download it (" + e.getClass().getSimpleName() + ": "
                    + e.getMessage() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ShopLensException.invalid("the download was interrupted");
        }
    }
}
