package dev.shoplens.core.domain;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A merchant's change to a product's details: a new name (null keeps it), attributes to set, and attributes
 * to remove. It says only what changes, so two merchants editing different attributes at once both win.
 */
public record ProductEdit(String name, Map<String, String> set, Set<String> remove) {
    public static final int MAX_NAME_LENGTH = 512;

    public ProductEdit {
        if (name != null) {
            name = name.strip();
            if (name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
                throw ShopLensException.invalid("a product name needs 1 to " + MAX_NAME_LENGTH
                        + " characters; leave 'name' out to keep the current one");
            }
        }
        set = Attributes.validated(set);
        Set<String> removed = new TreeSet<>();
        for (String attribute : remove == null ? Set.<String>of() : remove) {
            removed.add(Attributes.checkedName(attribute));
        }
        Set<String> both = new HashSet<>(set.keySet());
        both.retainAll(removed);
        if (!both.isEmpty()) {
            throw ShopLensException.invalid("attributes " + new TreeSet<>(both) + " are both set and removed");
        }
        remove = Set.copyOf(removed);
        if (name == null && set.isEmpty() && remove.isEmpty()) {
            throw ShopLensException.invalid("the edit changes nothing: give a 'name', or 'attributes' to set "
                    + "(\"colour\": \"red\") or remove (\"colour\": null)");
        }
    }

    /** The product with this edit applied; the result must still fit the attribute limit. */
    public Product applyTo(Product product, java.time.Instant now) {
        Map<String, String> attributes = new TreeMap<>(product.attributes());
        attributes.putAll(set);
        remove.forEach(attributes::remove);
        if (attributes.size() > Attributes.MAX_ATTRIBUTES) {
            throw ShopLensException.invalid("a product may have at most " + Attributes.MAX_ATTRIBUTES
                    + " attributes; this edit would leave " + attributes.size());
        }
        return new Product(product.id(), name == null ? product.name() : name, attributes, product.images(),
                product.createdAt(), now);
    }
}
