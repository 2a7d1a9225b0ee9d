package dev.shoplens.core.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A catalog product: what a search returns. Attributes are free-form strings (brand, colour, category). */
public record Product(ProductId id, String name, Map<String, String> attributes, List<ImageKey> images,
                      Instant createdAt, Instant updatedAt) {
    public Product {
        if (id == null) {
            throw ShopLensException.invalid("product id is missing");
        }
        name = name == null || name.isBlank() ? id.value() : name.strip();
        attributes = Map.copyOf(new TreeMap<>(attributes == null ? Map.of() : attributes));
        images = List.copyOf(images == null ? List.of() : images);
    }

    public static Product create(ProductId id, String name, Map<String, String> attributes, Instant now) {
        return new Product(id, name, attributes, List.of(), now, now);
    }

    /** This product with one more image and with the given details merged over the old ones. */
    public Product withImage(ImageKey image, String newName, Map<String, String> newAttributes, Instant now) {
        LinkedHashSet<ImageKey> all = new LinkedHashSet<>(images);
        all.add(image);
        Map<String, String> merged = new TreeMap<>(attributes);
        if (newAttributes != null) {
            merged.putAll(newAttributes);
        }
        String mergedName = newName == null || newName.isBlank() ? name : newName;
        return new Product(id, mergedName, merged, new ArrayList<>(all), createdAt, now);
    }

    /** This product without the given image. */
    public Product withoutImage(ImageKey image, Instant now) {
        List<ImageKey> rest = new ArrayList<>(images);
        rest.remove(image);
        return new Product(id, name, attributes, rest, createdAt, now);
    }
}
