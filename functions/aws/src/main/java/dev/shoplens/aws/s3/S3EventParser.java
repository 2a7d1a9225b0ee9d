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
 * Reads S3 event notifications into image events, in each envelope they arrive in: S3's own notification
 * (to SQS or Lambda; S3 URL-encodes keys there, with '+' for a space, so they are decoded), the same inside
 * an SNS message (S3 to SNS to SQS), and S3's events through EventBridge (keys as they are). S3's
 * {@code s3:TestEvent} carries no image; anything else is refused, so its message fails to the dead-letter
 * queue instead of being acknowledged unread.
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
            throw ShopLensException.invalid("the message is not valid JSON, so not an S3 notification: " + e.getMessage());
        }
        return parse(root, true);
    }

    private static List<Parsed> parse(JsonNode root, boolean mayBeWrapped) {
        if (root == null || !root.isObject()) {
            throw ShopLensException.invalid("the message is not an S3 notification: it is not a JSON object");
        }
        JsonNode records = root.get("Records");
        if (records != null && records.isArray()) {
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
        if ("s3:TestEvent".equals(root.path("Event").asText())) {
            return List.of(); // S3 sends one when notifications are configured; it names no image
        }
        if (mayBeWrapped && "Notification".equals(root.path("Type").asText()) && root.path("Message").isTextual()) {
            try {
                return parse(JSON.readTree(root.get("Message").asText()), false);
            } catch (IOException e) {
                throw ShopLensException.invalid("the SNS message's Message is not JSON, so not an S3 notification");
            }
        }
        if ("aws.s3".equals(root.path("source").asText()) && root.has("detail")) {
            String bucket = root.path("detail").path("bucket").path("name").asText(null);
            try {
                return List.of(new Parsed(fromEventBridge(root), bucket, null));
            } catch (ShopLensException e) {
                return List.of(new Parsed(null, bucket, e));
            }
        }
        List<String> fields = new ArrayList<>();
        root.fieldNames().forEachRemaining(fields::add);
        throw ShopLensException.invalid("the message is not an S3 notification (no Records, no SNS envelope, no "
                + "EventBridge S3 event, no s3:TestEvent); its fields: " + String.join(", ",
                fields.subList(0, Math.min(10, fields.size()))));
    }

    /** S3's "Object Created" and "Object Deleted" events as EventBridge delivers them. */
    private static ImageEvent fromEventBridge(JsonNode root) {
        String type = root.path("detail-type").asText("");
        JsonNode object = root.path("detail").path("object");
        String rawKey = object.path("key").asText(null);
        if (rawKey == null) {
            throw ShopLensException.invalid("the EventBridge S3 event has no detail.object.key");
        }
        ImageKey key = ImageKey.of(rawKey);
        Instant time = eventTime(root.path("time").asText(""));
        Sequencer sequencer = sequencer(object.path("sequencer").asText(""), time);
        return switch (type) {
            case "Object Created" -> ImageEvent.stored(key, sequencer, object.path("etag").asText(null), time);
            case "Object Deleted" -> ImageEvent.removed(key, sequencer, time);
            default -> throw ShopLensException.invalid("EventBridge S3 event '" + type
                    + "' is neither Object Created nor Object Deleted");
        };
    }

    /**
     * S3 always sends a sequencer with PUT and DELETE events; emulators may not (moto sends none), and then
     * the event time orders the events of a key.
     */
    private static Sequencer sequencer(String raw, Instant time) {
        return raw.isEmpty() ? new Sequencer(String.format("%016X", time.toEpochMilli() * 1000)) : new Sequencer(raw);
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
        Sequencer sequencer = sequencer(object.path("sequencer").asText(""), time);
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
