package dev.shoplens.core.domain;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * A catalog image was stored or removed. Storage events arrive at least once, late and out of order; the
 * sequencer orders the events of one key, and the entity tag tells two versions apart.
 *
 * @param key       the image's key
 * @param kind      stored or removed
 * @param sequencer the event's position among the key's events
 * @param eTag      the stored object's entity tag (null for removals)
 * @param eventTime when the store says it happened
 * @param details   product details that came with a direct upload, or null
 */
public record ImageEvent(ImageKey key, Kind kind, Sequencer sequencer, String eTag, Instant eventTime,
                         ProductDetails details) {
    public enum Kind { STORED, REMOVED }

    public ImageEvent {
        if (key == null || kind == null || sequencer == null || eventTime == null) {
            throw ShopLensException.invalid("an image event needs a key, a kind, a sequencer and a time");
        }
        // Stores keep milliseconds (as S3's event times do); an event must compare equal after a round trip.
        eventTime = eventTime.truncatedTo(ChronoUnit.MILLIS);
    }

    public static ImageEvent stored(ImageKey key, Sequencer sequencer, String eTag, Instant eventTime) {
        return new ImageEvent(key, Kind.STORED, sequencer, eTag, eventTime, null);
    }

    public static ImageEvent removed(ImageKey key, Sequencer sequencer, Instant eventTime) {
        return new ImageEvent(key, Kind.REMOVED, sequencer, null, eventTime, null);
    }

    /** A product's name and attributes, as a merchant sets them. */
    public record ProductDetails(String name, Map<String, String> attributes) {
        public ProductDetails {
            attributes = Attributes.validated(attributes);
        }
    }
}
