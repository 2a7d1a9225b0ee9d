package dev.shoplens.aws.dynamodb;

import dev.shoplens.core.domain.ImageKey;
import dev.shoplens.core.domain.Product;
import dev.shoplens.core.domain.ProductEdit;
import dev.shoplens.core.domain.ProductId;
import dev.shoplens.core.port.CatalogStore;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.Select;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Products in a DynamoDB table (partition key {@code id}). Images are a string set changed with ADD and
 * DELETE, and each attribute is its own top-level attribute ({@code attr_<name>}), so adding an image or
 * merging details is one atomic UpdateItem: concurrent writers lose nothing, and nothing is read first.
 * (The enhanced client cannot express ADD on a set, so this adapter uses the low-level client.)
 */
public final class DynamoDbCatalogStore implements CatalogStore {
    private static final String ID = "id";
    private static final String NAME = "name";
    private static final String IMAGES = "images";
    private static final String CREATED = "createdAt";
    private static final String UPDATED = "updatedAt";
    private static final String ATTRIBUTE_PREFIX = "attr_";

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoDbCatalogStore(DynamoDbClient dynamo, String table) {
        if (table == null || table.isBlank()) {
            throw new IllegalArgumentException("the products table name is not set (PRODUCTS_TABLE)");
        }
        this.dynamo = dynamo;
        this.table = table;
    }

    /** Creates the table (on-demand) where it is missing: local runs; in AWS the template creates it. */
    public void createTableIfMissing() {
        try {
            dynamo.describeTable(r -> r.tableName(table));
        } catch (ResourceNotFoundException e) {
            dynamo.createTable(r -> r.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
                    .keySchema(KeySchemaElement.builder().attributeName(ID).keyType(KeyType.HASH).build())
                    .attributeDefinitions(AttributeDefinition.builder().attributeName(ID)
                            .attributeType(ScalarAttributeType.S).build()));
        }
    }

    @Override
    public Optional<Product> find(ProductId id) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table).consistentRead(true)
                .key(Map.of(ID, s(id.value())))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(toProduct(item));
    }

    @Override
    public Map<ProductId, Product> findAll(Collection<ProductId> ids) {
        Map<ProductId, Product> found = new HashMap<>();
        List<ProductId> all = new ArrayList<>(ids);
        for (int from = 0; from < all.size(); from += 100) { // BatchGetItem takes 100 keys at most
            List<Map<String, AttributeValue>> keys = all.subList(from, Math.min(all.size(), from + 100)).stream()
                    .map(id -> Map.of(ID, s(id.value()))).toList();
            Map<String, KeysAndAttributes> request = Map.of(table, KeysAndAttributes.builder().keys(keys)
                    .consistentRead(true).build());
            while (!request.isEmpty()) {
                Map<String, KeysAndAttributes> pending = request;
                BatchGetItemResponse response = dynamo.batchGetItem(r -> r.requestItems(pending));
                response.responses().getOrDefault(table, List.of())
                        .forEach(item -> found.put(ProductId.of(item.get(ID).s()), toProduct(item)));
                request = response.unprocessedKeys();
            }
        }
        Map<ProductId, Product> ordered = new LinkedHashMap<>();
        ids.forEach(id -> {
            if (found.containsKey(id)) {
                ordered.put(id, found.get(id));
            }
        });
        return ordered;
    }

    @Override
    public void addImage(ProductId id, ImageKey image, String name, Map<String, String> attributes, Instant now) {
        Map<String, String> names = new HashMap<>();
        Map<String, AttributeValue> values = new HashMap<>();
        names.put("#images", IMAGES);
        names.put("#name", NAME);
        names.put("#created", CREATED);
        names.put("#updated", UPDATED);
        values.put(":image", AttributeValue.fromSs(List.of(image.value())));
        values.put(":now", n(now.toEpochMilli()));
        StringBuilder set = new StringBuilder("SET #updated = :now, #created = if_not_exists(#created, :now)");
        if (name != null && !name.isBlank()) {
            set.append(", #name = :name");
            values.put(":name", s(name.strip()));
        } else {
            set.append(", #name = if_not_exists(#name, :id)");
            values.put(":id", s(id.value()));
        }
        int i = 0;
        for (Map.Entry<String, String> attribute : attributes == null ? Map.<String, String>of().entrySet()
                : attributes.entrySet()) {
            names.put("#a" + i, ATTRIBUTE_PREFIX + attribute.getKey());
            values.put(":a" + i, s(attribute.getValue()));
            set.append(", #a").append(i).append(" = :a").append(i);
            i++;
        }
        dynamo.updateItem(r -> r.tableName(table).key(Map.of(ID, s(id.value())))
                .updateExpression(set + " ADD #images :image")
                .expressionAttributeNames(names).expressionAttributeValues(values));
    }

    @Override
    public void removeImage(ProductId id, ImageKey image, Instant now) {
        try {
            dynamo.updateItem(r -> r.tableName(table).key(Map.of(ID, s(id.value())))
                    .conditionExpression("attribute_exists(#id)")
                    .updateExpression("SET #updated = :now DELETE #images :image")
                    .expressionAttributeNames(Map.of("#id", ID, "#updated", UPDATED, "#images", IMAGES))
                    .expressionAttributeValues(Map.of(":now", n(now.toEpochMilli()),
                            ":image", AttributeValue.fromSs(List.of(image.value())))));
        } catch (ConditionalCheckFailedException e) {
            // no such product: nothing to remove
        }
    }

    /**
     * One UpdateItem: SET for the name and each attribute set, REMOVE for each removed, on condition that
     * the product exists; it answers with the item as it is after the update. The product is read first only
     * to refuse an edit that would take it over the attribute limit.
     */
    @Override
    public Optional<Product> edit(ProductId id, ProductEdit edit, Instant now) {
        Optional<Product> current = find(id);
        if (current.isEmpty()) {
            return current;
        }
        edit.applyTo(current.get(), now);
        Map<String, String> names = new HashMap<>();
        Map<String, AttributeValue> values = new HashMap<>();
        names.put("#id", ID);
        names.put("#updated", UPDATED);
        values.put(":now", n(now.toEpochMilli()));
        StringBuilder set = new StringBuilder("SET #updated = :now");
        if (edit.name() != null) {
            names.put("#name", NAME);
            values.put(":name", s(edit.name()));
            set.append(", #name = :name");
        }
        int i = 0;
        for (Map.Entry<String, String> attribute : edit.set().entrySet()) {
            names.put("#a" + i, ATTRIBUTE_PREFIX + attribute.getKey());
            values.put(":a" + i, s(attribute.getValue()));
            set.append(", #a").append(i).append(" = :a").append(i);
            i++;
        }
        StringBuilder remove = new StringBuilder();
        for (String attribute : edit.remove()) {
            names.put("#a" + i, ATTRIBUTE_PREFIX + attribute);
            remove.append(remove.isEmpty() ? " REMOVE " : ", ").append("#a").append(i);
            i++;
        }
        try {
            Map<String, AttributeValue> item = dynamo.updateItem(r -> r.tableName(table)
                    .key(Map.of(ID, s(id.value()))).conditionExpression("attribute_exists(#id)")
                    .updateExpression(set.toString() + remove).expressionAttributeNames(names)
                    .expressionAttributeValues(values).returnValues(ReturnValue.ALL_NEW)).attributes();
            return Optional.of(toProduct(item));
        } catch (ConditionalCheckFailedException e) {
            return Optional.empty();
        }
    }

    /** Counts with a scan: fine for health checks and tests, not for a hot path. */
    @Override
    public long count() {
        long total = 0;
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            var page = dynamo.scan(r -> r.tableName(table).select(Select.COUNT).exclusiveStartKey(from));
            total += page.count();
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return total;
    }

    /** Every product, page by page with the SDK's scan paginator (a re-index walks the whole catalog). */
    @Override
    public void forEach(Consumer<Product> action) {
        dynamo.scanPaginator(r -> r.tableName(table).consistentRead(true)).items()
                .forEach(item -> action.accept(toProduct(item)));
    }

    private static Product toProduct(Map<String, AttributeValue> item) {
        Map<String, String> attributes = new TreeMap<>();
        item.forEach((k, v) -> {
            if (k.startsWith(ATTRIBUTE_PREFIX)) {
                attributes.put(k.substring(ATTRIBUTE_PREFIX.length()), v.s());
            }
        });
        List<ImageKey> images = item.containsKey(IMAGES)
                ? item.get(IMAGES).ss().stream().sorted().map(ImageKey::of).toList() : List.of();
        return new Product(ProductId.of(item.get(ID).s()), item.containsKey(NAME) ? item.get(NAME).s() : null,
                attributes, images, Instant.ofEpochMilli(Long.parseLong(item.get(CREATED).n())),
                Instant.ofEpochMilli(Long.parseLong(item.get(UPDATED).n())));
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
