package dev.shoplens.local.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.shoplens.core.domain.Box;
import dev.shoplens.core.domain.ObjectMatches;
import dev.shoplens.core.domain.ProductMatch;
import dev.shoplens.core.domain.SearchOptions;
import dev.shoplens.core.domain.SearchRequest;
import dev.shoplens.core.domain.SearchResult;
import dev.shoplens.core.domain.ShopLensException;
import dev.shoplens.local.app.LocalApplication;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Multi-object search measured on photos of several catalog items (make_benchmark.py --shelves): each photo
 * is searched with {@code "box": "auto"}, and each item must be found (a box overlapping its own by IoU 0.5
 * or more) and answered by that box's matches. The same items searched with their true boxes drawn give
 * the bound a perfect object finder would reach with this model.
 */
final class ShelfEval {
    private static final double FOUND_IOU = 0.5;

    private ShelfEval() {
    }

    /** The figures, each a share of the items. */
    record ShelfMetrics(String finder, int photos, int items, double itemsFound, double ownFirstMatch,
                        double amongOwnMatches, double amongPhotosFirstTen, double trueBoxFirstMatch,
                        double trueBoxAmongFive, double boxesPerPhoto) {
    }

    private record Item(String productId, Box box) {
    }

    static ShelfMetrics evaluate(LocalApplication app, Path folder) {
        Map<String, List<Item>> photos = readTruth(folder.resolve("truth.csv"), folder);
        int items = 0;
        int found = 0;
        int first = 0;
        int amongOwn = 0;
        int amongTen = 0;
        int boxedFirst = 0;
        int boxedFive = 0;
        int boxes = 0;
        for (Map.Entry<String, List<Item>> photo : photos.entrySet()) {
            byte[] bytes = read(folder.resolve(photo.getKey()));
            SearchResult result = app.search().search(new SearchRequest(bytes, null, true, SearchOptions.top(10)));
            boxes += result.objects().size();
            for (Item item : photo.getValue()) {
                items++;
                ObjectMatches best = null;
                double bestIou = 0;
                for (ObjectMatches o : result.objects()) {
                    double iou = o.object().box().iou(item.box());
                    if (iou > bestIou) {
                        best = o;
                        bestIou = iou;
                    }
                }
                if (best != null && bestIou >= FOUND_IOU) {
                    found++;
                    int rank = rank(best.matches(), item.productId());
                    first += rank == 0 ? 1 : 0;
                    amongOwn += rank >= 0 ? 1 : 0;
                }
                amongTen += rank(result.matches(), item.productId()) >= 0 ? 1 : 0;
                int boxed = rank(app.search().search(new SearchRequest(bytes, item.box(), SearchOptions.top(5)))
                        .matches(), item.productId());
                boxedFirst += boxed == 0 ? 1 : 0;
                boxedFive += boxed >= 0 ? 1 : 0;
            }
        }
        double n = items;
        return new ShelfMetrics(app.objectFinder().name(), photos.size(), items, found / n, first / n, amongOwn / n,
                amongTen / n, boxedFirst / n, boxedFive / n, boxes / (double) photos.size());
    }

    static void print(ShelfMetrics m, PrintStream out) {
        out.printf(Locale.ROOT, "%nshelf photos: %d holding %d items, searched with box auto (object finder %s, "
                + "%.2f boxes a photo)%n", m.photos(), m.items(), m.finder(), m.boxesPerPhoto());
        out.printf(Locale.ROOT, "items found (a box with IoU >= %.1f): %.3f%n", FOUND_IOU, m.itemsFound());
        out.printf(Locale.ROOT, "item's own box answers it first: %.3f, among its %d: %.3f%n", m.ownFirstMatch(),
                dev.shoplens.core.service.SearchService.OBJECT_MATCHES, m.amongOwnMatches());
        out.printf(Locale.ROOT, "item among the photo's first 10 results: %.3f%n", m.amongPhotosFirstTen());
        out.printf(Locale.ROOT, "with its true box drawn instead: first %.3f, among 5: %.3f%n", m.trueBoxFirstMatch(),
                m.trueBoxAmongFive());
    }

    static String json(Object search, ShelfMetrics shelves) throws IOException {
        Map<String, Object> both = new LinkedHashMap<>();
        both.put("search", search);
        both.put("shelves", shelves);
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(both);
    }

    /** Where the product stands among the matches, from 0; -1 when it is not among them. */
    static int rank(List<ProductMatch> matches, String productId) {
        for (int i = 0; i < matches.size(); i++) {
            if (matches.get(i).productId().value().equals(productId)) {
                return i;
            }
        }
        return -1;
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read shelf photo " + file, e);
        }
    }

    private static Map<String, List<Item>> readTruth(Path truth, Path folder) {
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setTrim(true).get();
        List<String> header = List.of("query_file", "product_id", "left", "top", "right", "bottom");
        try (Reader in = Files.newBufferedReader(truth, StandardCharsets.UTF_8); CSVParser parser = CSVParser.parse(in, format)) {
            if (!parser.getHeaderNames().containsAll(header)) {
                throw ShopLensException.invalid(truth + " needs a header row " + String.join(",", header) + "; got "
                        + parser.getHeaderNames());
            }
            Map<String, List<Item>> photos = new LinkedHashMap<>();
            for (CSVRecord row : parser) {
                String file = row.get("query_file");
                if (!Files.isRegularFile(folder.resolve(file))) {
                    throw ShopLensException.invalid("shelf photo " + file + " named in " + truth + " is missing");
                }
                Box box = new Box(Double.parseDouble(row.get("left")), Double.parseDouble(row.get("top")),
                        Double.parseDouble(row.get("right")), Double.parseDouble(row.get("bottom")));
                photos.computeIfAbsent(file, f -> new ArrayList<>()).add(new Item(row.get("product_id"), box));
            }
            if (photos.isEmpty()) {
                throw ShopLensException.invalid(truth + " has no rows");
            }
            return photos;
        } catch (NoSuchFileException e) {
            throw ShopLensException.invalid("no truth.csv in " + folder + ": make it with make_benchmark.py --shelves");
        } catch (IOException | IllegalArgumentException | IllegalStateException e) {
            throw ShopLensException.invalid(truth + " is not a valid shelf truth file: " + e.getMessage());
        }
    }
}
