package dev.shoplens.aws.opensearch;

import dev.shoplens.core.port.IndexGenerations;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.OpenSearchException;
import org.opensearch.client.opensearch.indices.update_aliases.Action;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One OpenSearch index per model ({@code <base>-<model>}) and the alias {@code <base>} on the live one.
 * Promoting moves the alias in one {@code _aliases} call, which OpenSearch applies atomically; a second
 * alias, {@code <base>-was-live}, remembers every index that was ever live. The model of an index is
 * read from its mapping's {@code _meta}.
 */
public final class OpenSearchIndexGenerations implements IndexGenerations {
    private final OpenSearchClient client;
    private final String base;

    public OpenSearchIndexGenerations(OpenSearchClient client, String base) {
        this.client = client;
        this.base = base;
    }

    private String history() {
        return base + "-was-live";
    }

    @Override
    public Optional<String> live() {
        return indexBehind(base).map(this::modelOf);
    }

    private Optional<String> indexBehind(String alias) {
        try {
            if (!client.indices().existsAlias(e -> e.name(alias)).value()) {
                if (client.indices().exists(e -> e.index(alias)).value()) {
                    throw new IllegalStateException("OpenSearch holds an index named '" + alias + "', made before "
                            + "ShopLens kept one index per model behind that alias: delete it (then re-index) or "
                            + "set VECTOR_INDEX to another name");
                }
                return Optional.empty();
            }
            return client.indices().getAlias(g -> g.name(alias)).result().keySet().stream().findFirst();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reach OpenSearch to read the alias " + alias, e);
        }
    }

    private String modelOf(String index) {
        try {
            var mapping = client.indices().getMapping(m -> m.index(index)).result().get(index).mappings();
            var model = mapping.meta().get(VectorIndexSchema.MODEL);
            if (model == null) {
                throw new IllegalStateException("index " + index + " behind alias " + base
                        + " has no _meta.model: it was not made by ShopLens");
            }
            return model.to(String.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reach OpenSearch to read the mapping of " + index, e);
        }
    }

    @Override
    public void promote(String modelVersion) {
        String target = OpenSearchVectorIndex.indexName(base, modelVersion);
        List<Action> actions = new ArrayList<>();
        indexBehind(base).filter(current -> !current.equals(target)).ifPresent(current ->
                actions.add(Action.of(a -> a.remove(r -> r.index(current).alias(base)))));
        actions.add(Action.of(a -> a.add(add -> add.index(target).alias(base))));
        actions.add(Action.of(a -> a.add(add -> add.index(target).alias(history()))));
        try {
            client.indices().updateAliases(u -> u.actions(actions));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reach OpenSearch to move the alias " + base + " to " + target, e);
        }
    }

    @Override
    public boolean wasLive(String modelVersion) {
        String index = OpenSearchVectorIndex.indexName(base, modelVersion);
        try {
            return client.indices().existsAlias(e -> e.name(history()).index(index)).value();
        } catch (OpenSearchException e) {
            if (e.status() == 404) {
                return false;
            }
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reach OpenSearch to read the alias " + history(), e);
        }
    }

    @Override
    public void discard(String modelVersion) {
        if (live().filter(modelVersion::equals).isPresent()) {
            throw new IllegalStateException("the index of " + modelVersion + " is live and cannot be discarded");
        }
        String index = OpenSearchVectorIndex.indexName(base, modelVersion);
        try {
            if (client.indices().exists(e -> e.index(index)).value()) {
                client.indices().delete(d -> d.index(index));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reach OpenSearch to delete " + index, e);
        }
    }
}
