package dev.shoplens.local.lucene;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shoplens.core.domain.ImageKey;
import dev.shoplens.core.domain.Product;
import dev.shoplens.core.domain.ProductEdit;
import dev.shoplens.core.domain.ProductId;
import dev.shoplens.core.port.CatalogStore;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.util.BytesRef;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/** The embedded catalog: one Lucene document per product, holding the product as JSON. */
public final class LuceneCatalogStore implements CatalogStore, Closeable {
    private static final String ID = "id";
    private static final String JSON = "json";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final LuceneDirectory store;

    private LuceneCatalogStore(LuceneDirectory store) {
        this.store = store;
    }

    public static LuceneCatalogStore open(Path path) {
        return new LuceneCatalogStore(new LuceneDirectory(path, "catalog"));
    }

    @Override
    public Optional<Product> find(ProductId id) {
        return store.search(searcher -> {
            TopDocs top = searcher.search(new TermQuery(new Term(ID, id.value())), 1);
            if (top.scoreDocs.length == 0) {
                return Optional.empty();
            }
            Document doc = searcher.storedFields().document(top.scoreDocs[0].doc);
            return Optional.of(fromJson(doc.getBinaryValue(JSON).utf8ToString()));
        });
    }

    @Override
    public Map<ProductId, Product> findAll(Collection<ProductId> ids) {
        Map<ProductId, Product> out = new LinkedHashMap<>();
        for (ProductId id : ids) {
            find(id).ifPresent(p -> out.put(id, p));
        }
        return out;
    }

    /** Serialised per store, so that concurrent additions to one product are not lost. */
    @Override
    public synchronized void addImage(ProductId id, ImageKey image, String name, Map<String, String> attributes,
                                      Instant now) {
        Product current = find(id).orElseGet(() -> Product.create(id, name, Map.of(), now));
        save(current.withImage(image, name, attributes, now));
    }

    @Override
    public synchronized void removeImage(ProductId id, ImageKey image, Instant now) {
        find(id).filter(p -> p.images().contains(image)).ifPresent(p -> save(p.withoutImage(image, now)));
    }

    @Override
    public synchronized Optional<Product> edit(ProductId id, ProductEdit edit, Instant now) {
        Optional<Product> edited = find(id).map(p -> edit.applyTo(p, now));
        edited.ifPresent(this::save);
        return edited;
    }

    private void save(Product updated) {
        ProductId id = updated.id();
        try {
            Document doc = new Document();
            doc.add(new StringField(ID, id.value(), Field.Store.NO));
            doc.add(new StoredField(JSON, new BytesRef(toJson(updated))));
            store.writer().updateDocument(new Term(ID, id.value()), doc);
            store.commit();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to the catalog", e);
        }
    }

    @Override
    public long count() {
        return store.numDocs();
    }

    /** Every product, read from one point-in-time view of the catalog. */
    @Override
    public void forEach(Consumer<Product> action) {
        List<Product> all = store.search(searcher -> {
            List<Product> products = new ArrayList<>();
            var stored = searcher.storedFields();
            for (var leaf : searcher.getIndexReader().leaves()) {
                var live = leaf.reader().getLiveDocs();
                for (int doc = 0; doc < leaf.reader().maxDoc(); doc++) {
                    if (live == null || live.get(doc)) {
                        products.add(fromJson(stored.document(leaf.docBase + doc).getBinaryValue(JSON).utf8ToString()));
                    }
                }
            }
            return products;
        });
        all.forEach(action);
    }

    private static String toJson(Product p) {
        try {
            return MAPPER.writeValueAsString(new StoredProduct(p.id().value(), p.name(), p.attributes(),
                    p.images().stream().map(ImageKey::value).toList(), p.createdAt().toString(),
                    p.updatedAt().toString()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a product always serialises", e);
        }
    }

    private static Product fromJson(String json) throws IOException {
        StoredProduct s = MAPPER.readValue(json, StoredProduct.class);
        return new Product(ProductId.of(s.id()), s.name(), s.attributes(),
                s.images().stream().map(ImageKey::of).toList(), Instant.parse(s.createdAt()),
                Instant.parse(s.updatedAt()));
    }

    /** The stored form, kept apart from the domain record so the domain carries no JSON concerns. */
    record StoredProduct(String id, String name, Map<String, String> attributes, List<String> images,
                         String createdAt, String updatedAt) {
    }

    @Override
    public void close() {
        store.close();
    }
}
