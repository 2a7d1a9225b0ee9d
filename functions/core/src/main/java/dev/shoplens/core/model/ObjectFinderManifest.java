package dev.shoplens.core.model;

/**
 * The contract of an object finder's model directory ({@code "kind": "object-finder"}): the weights and how a
 * photo becomes their input, as for an embedder, and what comes out: {@code maxObjects} scores and as many
 * boxes (normalised left, top, right, bottom), best first. Built only by {@link ModelManifestReader}.
 *
 * @param input      the image side of the contract: identity, weights, input size and preprocessing
 * @param scoresName the graph's output holding each box's score, shape (batch, maxObjects)
 * @param boxesName  the graph's output holding the boxes, shape (batch, maxObjects, 4)
 * @param maxObjects how many boxes the model gives per photo
 * @param minScore   the score from which a box counts as an item, as chosen when the model was trained
 */
public record ObjectFinderManifest(ModelManifest input, String scoresName, String boxesName, int maxObjects,
                                   float minScore) {
    public String versionTag() {
        return input.versionTag();
    }
}
