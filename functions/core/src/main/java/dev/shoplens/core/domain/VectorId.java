package dev.shoplens.core.domain;

/**
 * The id the vector store gave one stored vector. OpenSearch Serverless chooses document ids itself, so an
 * image's vector is replaced by adding the new one and removing the old id.
 */
public record VectorId(String value) {
    public VectorId {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("vector id is empty");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
