package dev.shoplens.core.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoplens.core.domain.Box;
import dev.shoplens.core.domain.SearchOptions;
import dev.shoplens.core.domain.SearchRequest;
import dev.shoplens.core.domain.ShopLensException;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The search options of a JSON request body, read the same way by the search function and the local server:
 * {@code k}, {@code filter}, {@code minScore}, {@code cursor}, {@code fields} and {@code box}. Where the
 * photo comes from is each entry point's own business.
 */
public final class SearchJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SearchJson() {
    }

    /** @param autoCrop {@code "box": "auto"}: also search with the photo's main object */
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
     * {@code filter=} or as {@code filter.<attribute>=<value>} pairs that must all match.
     */
    public static Options fromParameters(Map<String, String> parameters) {
        ObjectNode json = JSON.createObjectNode();
        Map<String, String> p = parameters == null ? Map.of() : parameters;
        String k = p.get("k");
        if (k != null && !k.isBlank()) {
            json.set("k", number(k.strip()));
        }
        String minScore = p.get("minScore");
        if (minScore != null && !minScore.isBlank()) {
            json.set("minScore", number(minScore.strip()));
        }
        if (p.get("cursor") != null) {
            json.put("cursor", p.get("cursor"));
        }
        String box = p.get("box");
        if ("auto".equals(box)) {
            json.put("box", "auto");
        } else if (box != null && !box.isBlank()) {
            Box b = Box.parse(box);
            json.putArray("box").add(b.left()).add(b.top()).add(b.right()).add(b.bottom());
        }
        String fields = p.get("fields");
        if (fields != null && !fields.isBlank()) {
            ArrayNode names = json.putArray("fields");
            for (String name : fields.split(",")) {
                names.add(name.strip());
            }
        }
        String filter = p.get("filter");
        ObjectNode equal = JSON.createObjectNode();
        p.forEach((name, value) -> {
            if (name.startsWith("filter.")) {
                equal.put(name.substring("filter.".length()), value);
            }
        });
        if (filter != null && !filter.isBlank()) {
            if (!equal.isEmpty()) {
                throw ShopLensException.invalid("send the filter either as filter=<JSON> or as filter.<attribute>=<value>, not both");
            }
            try {
                json.set("filter", JSON.readTree(filter));
            } catch (JsonProcessingException e) {
                throw ShopLensException.invalid("the filter parameter is not valid JSON: " + e.getOriginalMessage());
            }
        } else if (!equal.isEmpty()) {
            json.set("filter", equal);
        }
        return read(json);
    }

    /** A number as JSON when it reads as one; otherwise the text, which {@link #read} refuses by name. */
    private static JsonNode number(String text) {
        try {
            JsonNode n = JSON.readTree(text);
            if (n != null && n.isNumber()) {
                return n;
            }
        } catch (JsonProcessingException e) {
            // falls through to the text
        }
        return JSON.getNodeFactory().textNode(text);
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
        if (!k.isIntegralNumber()) {
            throw ShopLensException.invalid("'k' must be a whole number, got " + k);
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
