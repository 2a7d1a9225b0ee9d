package dev.shoplens.core.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shoplens.core.domain.AttributeFilter;
import dev.shoplens.core.domain.Box;
import dev.shoplens.core.domain.SearchOptions;
import dev.shoplens.core.domain.SearchRequest;
import dev.shoplens.core.domain.ShopLensException;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/**
 * The search options of a JSON request body, read the same way by the search function and the local server:
 * {@code k}, {@code filter}, {@code minScore}, {@code cursor}, {@code fields} and {@code box}. Where the
 * photo comes from is each entry point's own business.
 */
public final class SearchJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SearchJson() {
    }

    /** @param autoCrop {@code "box": "auto"}: also search with each item found in the photo */
    public record Options(Box box, boolean autoCrop, SearchOptions search, ResultFields fields) {
        public SearchRequest request(byte[] photo) {
            return new SearchRequest(photo, box, autoCrop, search);
        }
    }

    public static Options read(JsonNode json) {
        int k = json.has("k") ? wholeNumber(json.get("k")) : SearchOptions.DEFAULT_K;
        JsonNode minScore = json.get("minScore");
        if (minScore != null && !minScore.isNull() && !minScore.isNumber()) {
            throw ShopLensException.invalid("'minScore' must be a number from -1 to 1");
        }
        JsonNode cursor = json.get("cursor");
        if (cursor != null && !cursor.isNull() && !cursor.isTextual()) {
            throw ShopLensException.invalid("'cursor' must be the string nextCursor of the previous page");
        }
        SearchOptions options = new SearchOptions(k, FilterJson.parse(json.get("filter")),
                minScore == null || minScore.isNull() ? -1 : minScore.asDouble(),
                cursor == null || cursor.isNull() ? null : cursor.asText());
        JsonNode box = json.get("box");
        boolean auto = box != null && box.isTextual() && box.asText().equals("auto");
        return new Options(auto ? null : box(box), auto, options, fields(json.get("fields")));
    }

    /**
     * The same options from URL query parameters (GET routes, and photo bodies that are not JSON):
     * {@code k=5&minScore=0.3&box=0,0,0.5,1&fields=name,score&cursor=...}, the filter as JSON in
     * {@code filter=} or as {@code filter.<attribute>=<value>} pairs that must all match; an attribute
     * repeated ({@code filter.color=red&filter.color=blue}) matches any of its values.
     */
    public static Options fromParameters(Parameters p) {
        int k = p.one("k").map(SearchJson::wholeNumber).orElse(SearchOptions.DEFAULT_K);
        double minScore = p.one("minScore").map(SearchJson::similarity).orElse(-1.0);
        String cursor = p.one("cursor").orElse(null);
        String box = p.one("box").orElse(null);
        boolean auto = "auto".equals(box);
        SearchOptions options = new SearchOptions(k, AttributeFilter.bounded(filter(p)), minScore, cursor);
        return new Options(box == null || auto ? null : Box.parse(box), auto, options,
                p.one("fields").map(ResultFields::parse).orElse(ResultFields.all()));
    }

    private static AttributeFilter filter(Parameters p) {
        List<AttributeFilter> tests = new ArrayList<>();
        for (String name : p.names()) {
            if (name.startsWith("filter.")) {
                String attribute = name.substring("filter.".length());
                List<String> values = p.all(name);
                tests.add(values.size() == 1 ? new AttributeFilter.Term(attribute, values.getFirst())
                        : new AttributeFilter.Terms(attribute, new LinkedHashSet<>(values)));
            }
        }
        Optional<String> json = p.one("filter");
        if (json.isPresent() && !tests.isEmpty()) {
            throw ShopLensException.invalid("send the filter either as filter=<JSON> or as filter.<attribute>=<value>, not both");
        }
        if (json.isPresent()) {
            try {
                return FilterJson.parse(JSON.readTree(json.get()));
            } catch (JsonProcessingException e) {
                throw ShopLensException.invalid("the filter parameter is not valid JSON: " + e.getOriginalMessage());
            }
        }
        return tests.isEmpty() ? AttributeFilter.none() : tests.size() == 1 ? tests.getFirst() : new AttributeFilter.All(tests);
    }

    private static int wholeNumber(String text) {
        try {
            return wholeNumber(JSON.readTree(text));
        } catch (JsonProcessingException e) {
            throw ShopLensException.invalid("'k' must be a whole number, got '" + abbreviate(text) + "'");
        }
    }

    private static double similarity(String text) {
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw ShopLensException.invalid("'minScore' must be a number from -1 to 1, got '" + abbreviate(text) + "'");
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }

    /** The photo of a JSON body, base64 in {@code image}. */
    public static byte[] inlineImage(JsonNode json) {
        JsonNode image = json.get("image");
        if (image == null || image.isNull()) {
            throw ShopLensException.invalid("the body has no 'image': send the photo as base64 in \"image\"");
        }
        if (!image.isTextual()) {
            throw ShopLensException.invalid("'image' must be the photo as a base64 string");
        }
        String text = image.asText();
        int comma = text.indexOf(',');
        if (text.startsWith("data:") && comma > 0) { // a data URL, as a browser's FileReader makes it
            text = text.substring(comma + 1);
        }
        try {
            return Base64.getDecoder().decode(text.replaceAll("\\s", ""));
        } catch (IllegalArgumentException e) {
            throw ShopLensException.invalid("'image' is not valid base64");
        }
    }

    private static int wholeNumber(JsonNode k) {
        if (k == null || !k.isIntegralNumber()) {
            throw ShopLensException.invalid("'k' must be a whole number, got " + k);
        }
        if (!k.canConvertToInt()) {
            throw ShopLensException.invalid("k must be between 1 and " + SearchOptions.MAX_K + ", got " + k.asText());
        }
        return k.asInt();
    }

    private static Box box(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isArray() || node.size() != 4 || !node.get(0).isNumber() || !node.get(1).isNumber()
                || !node.get(2).isNumber() || !node.get(3).isNumber()) {
            throw ShopLensException.invalid("'box' must be [left, top, right, bottom], numbers from 0 to 1, or \"auto\"");
        }
        return new Box(node.get(0).asDouble(), node.get(1).asDouble(), node.get(2).asDouble(), node.get(3).asDouble());
    }

    private static ResultFields fields(JsonNode node) {
        if (node == null || node.isNull()) {
            return ResultFields.all();
        }
        if (!node.isArray()) {
            throw ShopLensException.invalid("'fields' must be an array of field names, e.g. [\"name\", \"score\"]");
        }
        List<String> names = new ArrayList<>();
        for (JsonNode n : node) {
            if (!n.isTextual()) {
                throw ShopLensException.invalid("'fields' must hold only field names (strings), got " + n);
            }
            names.add(n.asText());
        }
        return ResultFields.of(names);
    }
}
