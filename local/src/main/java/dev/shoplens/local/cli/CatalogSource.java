package dev.shoplens.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shoplens.core.domain.Attributes;
import dev.shoplens.core.domain.ProductId;
import dev.shoplens.core.domain.ShopLensException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.BufferedReader;
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
import java.util.stream.Stream;

/**
 * What a catalog import brings in, read from one of three sources: a folder of {@code <product-id>/<images>}
 * (with an optional {@code products.csv}), a CSV manifest with a header {@code id,name,image,<attributes>...}
 * (several images of one product in one cell, separated by {@code |}, or on several rows), or a JSON Lines
 * manifest, one {@code {"id", "name", "attributes": {...}, "images": [...]}} per line. Images are file paths
 * (relative to the manifest's folder) or http(s) URLs. Every problem names its file and line.
 */
public final class CatalogSource {
    public static final String PRODUCTS_CSV = "products.csv";
    private static final Set<String> IMAGE_EXTENSIONS = Set.of("jpg", "jpeg", "png", "webp", "gif");
    private static final ObjectMapper JSON = new ObjectMapper();

    private CatalogSource() {
    }

    /** One image of one product, and where it came from (for messages). */
    public record Item(ProductId product, String name, Map<String, String> attributes, String image, String origin) {
        public boolean remote() {
            return image.startsWith("http://") || image.startsWith("https://");
        }
    }

    /** The items in a stable order, and the entries left out with the reason. */
    public record Contents(Path base, List<Item> items, List<String> skipped) {
    }

    public static Contents read(Path source) {
        if (Files.isDirectory(source)) {
            return folder(source);
        }
        if (!Files.isRegularFile(source)) {
            throw ShopLensException.invalid(source + " is neither a catalog folder (<product-id>/<images>) nor a "
                    + "manifest file (.csv or .jsonl)");
        }
        String name = source.getFileName().toString().toLowerCase(Locale.ROOT);
        Path base = source.toAbsolutePath().getParent();
        if (name.endsWith(".csv")) {
            return csv(source, base);
        }
        if (name.endsWith(".jsonl") || name.endsWith(".ndjson")) {
            return jsonLines(source, base);
        }
        throw ShopLensException.invalid(source + ": a manifest is a .csv (id,name,image,<attributes>...) or a .jsonl "
                + "file ({\"id\", \"name\", \"attributes\", \"images\"} per line)");
    }

    private static Contents folder(Path root) {
        Map<String, Details> details = productsCsv(root.resolve(PRODUCTS_CSV));
        List<Item> items = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        try (Stream<Path> productDirs = Files.list(root)) {
            for (Path dir : productDirs.filter(Files::isDirectory).sorted().toList()) {
                try (Stream<Path> files = Files.list(dir)) {
                    for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                        String rel = root.relativize(file).toString();
                        if (!IMAGE_EXTENSIONS.contains(extension(file.getFileName().toString()))) {
                            skipped.add(rel + ": not an image file name (.jpg, .png, .webp, .gif)");
                            continue;
                        }
                        try {
                            ProductId id = ProductId.of(dir.getFileName().toString());
                            Details d = details.getOrDefault(id.value(), Details.NONE);
                            items.add(new Item(id, d.name(), d.attributes(), rel, rel));
                        } catch (ShopLensException e) {
                            skipped.add(rel + ": " + e.getMessage());
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root, e);
        }
        return new Contents(root, items, skipped);
    }

    private record Details(String name, Map<String, String> attributes) {
        static final Details NONE = new Details(null, Map.of());
    }

    /** A folder's optional products.csv: id,name,<attributes>... */
    private static Map<String, Details> productsCsv(Path csv) {
        if (!Files.isRegularFile(csv)) {
            return Map.of();
        }
        Map<String, Details> out = new HashMap<>();
        forEachCsvRow(csv, List.of("id"), (row, header, line) -> {
            String id = ProductId.of(row.get("id")).value();
            out.put(id, new Details(cell(row, header, "name"), attributes(row, header, Set.of("id", "name"))));
        });
        return out;
    }

    private static Contents csv(Path manifest, Path base) {
        List<Item> items = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        forEachCsvRow(manifest, List.of("id", "image"), (row, header, line) -> {
            String origin = manifest.getFileName() + " line " + line;
            try {
                ProductId id = ProductId.of(row.get("id"));
                String name = cell(row, header, "name");
                Map<String, String> attributes = attributes(row, header, Set.of("id", "name", "image"));
                for (String image : row.get("image").split("\\|")) {
                    if (!image.isBlank()) {
                        items.add(new Item(id, name, attributes, image.strip(), origin));
                    }
                }
            } catch (ShopLensException e) {
                skipped.add(origin + ": " + e.getMessage());
            }
        });
        return new Contents(base, items, skipped);
    }

    private static Contents jsonLines(Path manifest, Path base) {
        List<Item> items = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(manifest, StandardCharsets.UTF_8)) {
            String text;
            int line = 0;
            while ((text = in.readLine()) != null) {
                line++;
                if (text.isBlank()) {
                    continue;
                }
                String origin = manifest.getFileName() + " line " + line;
                try {
                    JsonNode node = JSON.readTree(text);
                    if (!node.isObject() || !node.path("id").isTextual() || !node.path("images").isArray()) {
                        throw ShopLensException.invalid("expected {\"id\": \"...\", \"name\": \"...\", "
                                + "\"attributes\": {...}, \"images\": [\"path or URL\", ...]}");
                    }
                    ProductId id = ProductId.of(node.path("id").asText());
                    String name = node.path("name").isTextual() ? node.path("name").asText() : null;
                    Map<String, String> attributes = new LinkedHashMap<>();
                    node.path("attributes").fields().forEachRemaining(f -> attributes.put(
                            f.getKey().toLowerCase(Locale.ROOT), f.getValue().asText()));
                    Map<String, String> valid = Attributes.validated(attributes);
                    for (JsonNode image : node.path("images")) {
                        items.add(new Item(id, name, valid, image.asText(), origin));
                    }
                } catch (ShopLensException e) {
                    skipped.add(origin + ": " + e.getMessage());
                } catch (IOException e) {
                    skipped.add(origin + ": not a JSON object (" + e.getMessage().lines().findFirst().orElse("") + ")");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + manifest, e);
        }
        return new Contents(base, items, skipped);
    }

    private interface RowAction {
        void accept(CSVRecord row, List<String> header, long line);
    }

    private static void forEachCsvRow(Path csv, List<String> required, RowAction action) {
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setTrim(true).get();
        try (Reader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8);
             CSVParser parser = CSVParser.parse(in, format)) {
            List<String> header = parser.getHeaderNames();
            if (!header.containsAll(required)) {
                throw ShopLensException.invalid(csv.getFileName() + " needs a header row with the columns " + required
                        + ", got " + header);
            }
            for (CSVRecord row : parser) {
                action.accept(row, header, parser.getCurrentLineNumber());
            }
        } catch (ShopLensException e) {
            throw ShopLensException.invalid(csv.getFileName() + ": " + e.getMessage());
        } catch (IOException | IllegalArgumentException | IllegalStateException | UncheckedIOException e) {
            throw ShopLensException.invalid(csv + " is not a valid CSV file: " + e.getMessage());
        }
    }

    private static String cell(CSVRecord row, List<String> header, String column) {
        return header.contains(column) && row.isSet(column) && !row.get(column).isBlank() ? row.get(column) : null;
    }

    private static Map<String, String> attributes(CSVRecord row, List<String> header, Set<String> reserved) {
        Map<String, String> attributes = new LinkedHashMap<>();
        for (String column : header) {
            if (!reserved.contains(column) && row.isSet(column) && !row.get(column).isBlank()) {
                attributes.put(column.toLowerCase(Locale.ROOT), row.get(column));
            }
        }
        return Attributes.validated(attributes);
    }

    static String extension(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }
}
