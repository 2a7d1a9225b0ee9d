package dev.shoplens.core.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shoplens.core.domain.Box;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Reading a search answer's {@code objects} against the items a {@link ShelfPhoto} holds. */
public final class ShelfPhotoAnswers {
    private ShelfPhotoAnswers() {
    }

    /**
     * A search answer's {@code objects} hold each item of the shelf: a box overlapping it by IoU 0.5 or more,
     * whose own first match is that item's product; and no more than one spare box. Returns each item's entry.
     */
    public static List<JsonNode> assertEachItemFoundAndAnsweredFirst(JsonNode answer, ShelfPhoto shelf, List<String> items) {
        JsonNode objects = answer.path("objects");
        assertThat(objects.size()).as("items found in %s", objects).isBetween(items.size(), items.size() + 1);
        List<JsonNode> found = new java.util.ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            JsonNode best = bestOverlap(objects, shelf.boxes().get(i));
            assertThat(iou(best, shelf.boxes().get(i))).as("box of %s: %s", items.get(i), best).isGreaterThanOrEqualTo(0.5);
            assertThat(best.path("results").get(0).path("productId").asText()).as("first match for %s", items.get(i))
                    .isEqualTo(items.get(i));
            found.add(best);
        }
        return found;
    }

    /** The answer's object whose box overlaps the item's the most. */
    public static JsonNode bestOverlap(JsonNode objects, Box item) {
        JsonNode best = null;
        for (JsonNode o : objects) {
            if (best == null || iou(o, item) > iou(best, item)) {
                best = o;
            }
        }
        if (best == null) {
            throw new AssertionError("the answer found no items");
        }
        return best;
    }

    /** The overlap of an answer object's box with the item's. */
    public static double iou(JsonNode object, Box item) {
        JsonNode b = object.path("box");
        return new Box(b.get(0).asDouble(), b.get(1).asDouble(), b.get(2).asDouble(), b.get(3).asDouble()).iou(item);
    }
}
