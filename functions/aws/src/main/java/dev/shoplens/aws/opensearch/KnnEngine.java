package dev.shoplens.aws.opensearch;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The k-NN library behind an index: faiss on OpenSearch Serverless, lucene on a local node. */
public enum KnnEngine {
    FAISS, LUCENE;

    /** The name OpenSearch's mapping uses. */
    public String mappingName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The engine of a mapping name, empty for any other word. */
    public static Optional<KnnEngine> named(String name) {
        return Arrays.stream(values()).filter(e -> e.mappingName().equals(name)).findFirst();
    }
}
