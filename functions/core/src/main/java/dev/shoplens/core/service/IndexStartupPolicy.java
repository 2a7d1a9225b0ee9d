package dev.shoplens.core.service;

import dev.shoplens.core.port.IndexGenerations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * Which vector index a process may open for its model when it starts: the same rules for the local server
 * and the functions.
 * <ul>
 *   <li>The first process that writes to an empty store makes its model's index the live one; a search
 *       process opens its model's index without promoting it (in AWS it may not).</li>
 *   <li>A process that writes vectors runs only on the live model: its writes to any other index would be
 *       lost to searches.</li>
 *   <li>A process that only searches may, while a new model is rolled out, answer from its model's former
 *       live index (complete, though it misses the changes since), with a warning; an index that never was
 *       live is incomplete and refused.</li>
 *   <li>A re-index fills its model's index beside the live one; a former index is discarded first, since
 *       it missed the changes made since it was left.</li>
 * </ul>
 */
public final class IndexStartupPolicy {
    private static final Logger LOG = LoggerFactory.getLogger(IndexStartupPolicy.class);

    /** What the process does with its model's index. */
    public enum Role {
        /** Answers searches and never writes vectors (the search function). */
        SEARCH,
        /** Writes vectors, and may search (the ingest function, the local server). */
        INGEST,
        /** Fills its model's index beside the live one (the re-index job and command). */
        REINDEX,
        /**
         * Changes what the live index's vectors carry (the catalog function's edits): it runs only on the
         * live model, as ingest does, and makes no index live.
         */
        EDIT
    }

    private final IndexGenerations generations;
    private final String howToReindex;

    /**
     * @param howToReindex what the user runs to move the catalog to another model, in the words of this
     *                     deployment, ending the refusal's message
     */
    public IndexStartupPolicy(IndexGenerations generations, String howToReindex) {
        this.generations = generations;
        this.howToReindex = howToReindex;
    }

    /**
     * Checks that {@code model}'s index may be opened for {@code role}, opens it, and makes it live on an empty
     * store.
     *
     * @throws IllegalStateException naming the live model and how to move to this one, when it may not
     */
    public <T> T open(String model, Role role, Supplier<T> openIndex) {
        Optional<String> live = generations.live();
        boolean isLive = live.filter(model::equals).isPresent();
        if (role == Role.REINDEX) {
            if (!isLive && generations.wasLive(model)) {
                generations.discard(model);
            }
            return openIndex.get();
        }
        if (live.isPresent() && !isLive) {
            boolean former = generations.wasLive(model);
            if (role == Role.INGEST || role == Role.EDIT || !former) {
                throw new IllegalStateException("the catalog is searched with model " + live.get() + ", not " + model
                        + (former ? " (whose former index missed the changes since)" : " (whose index is not complete)")
                        + ". " + howToReindex + "; or start with the model " + live.get());
            }
            LOG.warn("the live vector index is for model {}; this process still runs {} and answers from that "
                    + "model's former index until it is deployed with the new model", live.get(), model);
        }
        T index = openIndex.get();
        if (live.isEmpty() && role == Role.INGEST) {
            generations.promote(model);
        }
        return index;
    }
}
