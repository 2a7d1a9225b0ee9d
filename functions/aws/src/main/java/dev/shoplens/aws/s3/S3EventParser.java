package dev.shoplens.aws.s3;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shoplens.core.domain.ImageEvent;
import dev.shoplens.core.domain.ImageKey;
import dev.shoplens.core.domain.Sequencer;
import dev.shoplens.core.domain.ShopLensException;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads S3 event notifications (as S3 sends them to SQS or Lambda) into image events. S3 URL-encodes keys
 * in events, with '+' for a space, so they are decoded before use.
 */
public final class S3EventParser {
    private static final ObjectMapper JSON = new ObjectMapper();

    private S3EventParser() {
    }

    /** One parsed record: the event, or why the record was refused. */
    public record Parsed(ImageEvent event, String bucket, ShopLensException refusal) {
    }

    public static List<Parsed> parse(String notificationJson) {
        JsonNode root;
        try {
            root = JSON.readTree(notificationJson);
        } catch (IOException e) {
            throw ShopLensException.invalid("the S3 notification is not valid JSON: " + e.getMessage());
        }
        JsonNode records = root == null ? null : root.get("Records");
        if (records == null || !records.isArray()) {
            // S3 sends one s3:TestEvent when notifications are configured; it carries no records.
            return List.of();
        }
        List<Parsed> out = new ArrayList<>();
        for (JsonNode record : records) {
            String bucket = record.path("s3").path("bucket").path("name").asText(null);
            try {
                out.add(new Parsed(toEvent(record), bucket, null));
            } catch (ShopLensException e) {
                out.add(new Parsed(null, bucket, e));
            }
        }
        return out;
    }

    static String decodeKey(String encoded) {
        return URLDecoder.decode(encoded, StandardCharsets.UTF_8);
    }

    /** ISO-8601; a time without a zone (as moto writes them) is taken as UTC. */
    private static Instant eventTime(String text) {
        try {
            return Instant.parse(text);
        } catch (RuntimeException e) {
            try {
                return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
            } catch (RuntimeException e2) {
                throw ShopLensException.invalid("the S3 event record has no valid eventTime ('" + text + "')");
            }
        }
    }

    private static ImageEvent toEvent(JsonNode record) {
        String name = record.path("eventName").asText("");
        JsonNode object = record.path("s3").path("object");
        String rawKey = object.path("key").asText(null);
        if (rawKey == null) {
            throw ShopLensException.invalid("the S3 event record has no object key");
        }
        ImageKey key = ImageKey.of(decodeKey(rawKey));
        Instant time = eventTime(record.path("eventTime").asText(""));
        String rawSequencer = object.path("sequencer").asText("");
        // S3 always sends a sequencer with PUT and DELETE events; emulators may not (moto sends none), and
        // then the event time orders the events of a key.
        Sequencer sequencer = rawSequencer.isEmpty()
                ? new Sequencer(String.format("%016X", time.toEpochMilli() * 1000)) : new Sequencer(rawSequencer);
        String eTag = object.path("eTag").asText(null);
        if (name.startsWith("ObjectCreated:")) {
            return ImageEvent.stored(key, sequencer, eTag, time);
        }
        if (name.startsWith("ObjectRemoved:")) {
            return ImageEvent.removed(key, sequencer, time);
        }
        throw ShopLensException.invalid("S3 event '" + name + "' is neither ObjectCreated nor ObjectRemoved");
    }
}
