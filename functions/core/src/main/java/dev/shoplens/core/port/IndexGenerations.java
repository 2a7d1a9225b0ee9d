package dev.shoplens.core.port;

import java.util.Locale;
import java.util.Optional;

/**
 * One vector index per model, and a pointer to the one that answers searches (an OpenSearch alias; a file
 * locally). A new model's index is filled beside the live one, then the pointer moves in one step, so a
 * search never compares vectors of two models.
 */
public interface IndexGenerations {

    /** The model whose index answers searches, or empty before the first index went live. */
    Optional<String> live();

    /** Makes the index of {@code modelVersion} the one that answers searches, in one atomic step. */
    void promote(String modelVersion);

    /** Whether the index of this model went live at some time (so it is complete), not only being filled. */
    boolean wasLive(String modelVersion);

    /**
     * Deletes a model's index that is not live. An index that was live once and then left behind missed the
     * catalog's changes since (removed images among them), so a way back to it starts afresh.
     *
     * @throws IllegalStateException when it is the live one
     */
    void discard(String modelVersion);

    /** A model tag as a name part for indexes and folders: {@code builtin-shopper-cnn@1.0.0} to {@code builtin-shopper-cnn-1.0.0}. */
    static String slug(String modelVersion) {
        return modelVersion.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]", "-");
    }
}
