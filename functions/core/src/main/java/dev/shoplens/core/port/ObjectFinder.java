package dev.shoplens.core.port;

import dev.shoplens.core.domain.DetectedObject;
import dev.shoplens.core.imaging.MainObjectFinder;

import java.awt.image.BufferedImage;
import java.util.List;

/**
 * Finds the items in a photo, so that a search can look for each of them as well as for the whole photo.
 * Implementations are thread-safe.
 */
public interface ObjectFinder extends AutoCloseable {

    /** The items found, most certain first; empty when nothing stands out. */
    List<DetectedObject> find(BufferedImage photo);

    /** What finds them, for logs and answers: a model's name and version, or "heuristic". */
    String name();

    @Override
    default void close() {
    }

    /**
     * The finder without a model: the one region that differs most from the photo's edges
     * ({@link MainObjectFinder}). It does not score what it finds, so its one object scores 1.
     */
    static ObjectFinder heuristic() {
        return new ObjectFinder() {
            @Override
            public List<DetectedObject> find(BufferedImage photo) {
                return MainObjectFinder.find(photo).map(box -> List.of(new DetectedObject(box, 1.0))).orElse(List.of());
            }

            @Override
            public String name() {
                return "heuristic";
            }
        };
    }
}
