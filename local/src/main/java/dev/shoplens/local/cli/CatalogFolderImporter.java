package dev.shoplens.local.cli;

import dev.shoplens.core.domain.Attributes;
import dev.shoplens.core.domain.CatalogImageUpload;
import dev.shoplens.core.domain.ProductId;
import dev.shoplens.core.domain.ShopLensException;
import dev.shoplens.core.service.CatalogUploadService;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.IntConsumer;
import java.util.stream.Stream;

/**
 * Imports a catalog folder: one sub-folder per product ({@code <product-id>/<image>.jpg}) and an optional
 * {@code products.csv} with a header {@code id,name,<attribute>...}. Images go through the ingest service in
 * batches; a bad file is reported and skipped.
 */
public final class CatalogFolderImporter {
    public static final String PRODUCTS_CSV = "products.csv";
    private static final Set<String> IMAGE_EXTENSIONS = Set.of("jpg", "jpeg", "png", "webp", "gif");
    private static final int BATCH = 16;

    private final CatalogUploadService uploads;

    public CatalogFolderImporter(CatalogUploadService uploads) {
        this.uploads = uploads;
    }

    /** What an import did. */
    public record Summary(int products, int indexed, int failed, int skipped, List<String> problems,
                          long millis) {
    }

    /** The image files found under the folder, in a stable order. */
    public record Plan(Path root, List<Path> images, List<String> skipped, Map<String, ProductDetails> details) {
    }

    public record ProductDetails(String name, Map<String, String> attributes) {
    }

    public Plan plan(Path root) {
        if (!Files.isDirectory(root)) {
            throw ShopLensException.invalid(root + " is not a folder; expected <product-id>/<image> files");
        }
        List<Path> images = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        try (Stream<Path> productDirs = Files.list(root)) {
            for (Path dir : productDirs.filter(Files::isDirectory).sorted().toList()) {
                try (Stream<Path> files = Files.list(dir)) {
                    for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                        if (IMAGE_EXTENSIONS.contains(extension(file))) {
                            images.add(file);
                        } else {
                            skipped.add(root.relativize(file) + ": not an image file name (.jpg, .png, .webp, .gif)");
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root, e);
        }
        return new Plan(root, images, skipped, readDetails(root.resolve(PRODUCTS_CSV)));
    }

    public Summary run(Plan plan, IntConsumer progress) {
        long start = System.nanoTime();
        List<String> problems = new ArrayList<>(plan.skipped());
        Set<String> products = new TreeSet<>();
        int indexed = 0;
        int failed = 0;
        List<CatalogImageUpload> batch = new ArrayList<>();
        List<Path> batchFiles = new ArrayList<>();
        for (int i = 0; i < plan.images().size(); i++) {
            Path file = plan.images().get(i);
            String rel = plan.root().relativize(file).toString();
            try {
                String productDir = file.getParent().getFileName().toString();
                ProductId id = ProductId.of(productDir);
                ProductDetails d = plan.details().getOrDefault(id.value(), new ProductDetails(null, Map.of()));
                batch.add(new CatalogImageUpload(id, Files.readAllBytes(file), d.name(), d.attributes()));
                batchFiles.add(file);
            } catch (ShopLensException e) {
                problems.add(rel + ": " + e.getMessage());
                failed++;
                progress.accept(1);
            } catch (IOException e) {
                problems.add(rel + ": cannot read (" + e.getMessage() + ")");
                failed++;
                progress.accept(1);
            }
            if (batch.size() == BATCH || i == plan.images().size() - 1) {
                List<CatalogUploadService.Uploaded> outcomes = uploads.uploadAll(batch);
                for (int j = 0; j < outcomes.size(); j++) {
                    CatalogUploadService.Uploaded o = outcomes.get(j);
                    if (o.ok()) {
                        indexed++;
                        products.add(o.key().productId().value());
                    } else {
                        failed++;
                        problems.add(plan.root().relativize(batchFiles.get(j)) + ": " + o.failure().getMessage());
                    }
                }
                progress.accept(outcomes.size());
                batch.clear();
                batchFiles.clear();
            }
        }
        return new Summary(products.size(), indexed, failed, plan.skipped().size(), problems,
                (System.nanoTime() - start) / 1_000_000);
    }

    private static Map<String, ProductDetails> readDetails(Path csv) {
        if (!Files.isRegularFile(csv)) {
            return Map.of();
        }
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setTrim(true).get();
        try (Reader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8);
             CSVParser parser = CSVParser.parse(in, format)) {
            List<String> header = parser.getHeaderNames();
            if (!header.contains("id")) {
                throw ShopLensException.invalid(csv + " needs a header row with an 'id' column, got " + header);
            }
            Map<String, ProductDetails> out = new HashMap<>();
            for (CSVRecord row : parser) {
                String id = row.get("id");
                ProductId.of(id);
                Map<String, String> attributes = new LinkedHashMap<>();
                for (String column : header) {
                    if (!column.equals("id") && !column.equals("name") && row.isSet(column)
                            && !row.get(column).isBlank()) {
                        attributes.put(column.toLowerCase(Locale.ROOT), row.get(column));
                    }
                }
                String name = header.contains("name") && row.isSet("name") ? row.get("name") : null;
                out.put(id, new ProductDetails(name, Attributes.validated(attributes)));
            }
            return out;
        } catch (ShopLensException e) {
            throw ShopLensException.invalid(csv.getFileName() + ": " + e.getMessage());
        } catch (IOException | IllegalArgumentException | IllegalStateException e) {
            throw ShopLensException.invalid(csv + " is not a valid CSV file: " + e.getMessage());
        }
    }

    private static String extension(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }
}
