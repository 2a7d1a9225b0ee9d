package dev.shoplens.core.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.shoplens.core.domain.ShopLensException;

import java.io.IOException;

/** Reading request bodies and writing answers as JSON, the same way on every entry point. */
public final class ApiJson {
    /** Deep nesting is refused while parsing, long before it could exhaust the stack. */
    static final int MAX_NESTING = 64;
    /**
     * Room for an inline photo of a few times the usual byte limit in base64, so an oversize photo is
     * refused as too large (413, by the route) rather than as JSON the parser would not read.
     */
    static final int MAX_STRING_CHARS = 96 * 1024 * 1024;
    private static final ObjectMapper JSON = JsonMapper.builder(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING)
                    .maxStringLength(MAX_STRING_CHARS).build()).build())
            .build();

    private ApiJson() {
    }

    /**
     * A request body that must be a JSON object.
     *
     * @param expected what to send, for the message when the body is something else
     */
    public static JsonNode object(byte[] body, String expected) {
        if (body == null || body.length == 0) {
            throw ShopLensException.invalid("the request body is empty: send " + expected);
        }
        JsonNode node;
        try {
            node = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw ShopLensException.invalid("the request body is not valid JSON (" + e.getOriginalMessage()
                    + "): send " + expected);
        } catch (IOException e) {
            throw ShopLensException.invalid("cannot read the request body: " + e.getMessage());
        }
        if (node == null || !node.isObject()) {
            throw ShopLensException.invalid("the request body must be a JSON object: send " + expected);
        }
        return node;
    }

    /** An answer's body as JSON text. */
    public static String write(Object body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an API answer always serialises", e);
        }
    }
}
