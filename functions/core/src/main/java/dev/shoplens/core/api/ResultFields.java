package dev.shoplens.core.api;

import dev.shoplens.core.domain.ShopLensException;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Which fields of each match a client wants back; the product id always comes. */
public record ResultFields(Set<Field> fields) {
    public enum Field {
        PRODUCT_ID("productId"), NAME("name"), ATTRIBUTES("attributes"), SCORE("score"), IMAGE_KEY("imageKey"),
        IMAGE_URL("imageUrl");

        private final String wire;

        Field(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }
    }

    private static final ResultFields ALL = new ResultFields(EnumSet.allOf(Field.class));

    public ResultFields {
        fields = Set.copyOf(fields);
    }

    public static ResultFields all() {
        return ALL;
    }

    /** Reads the names; null or empty means all of them. */
    public static ResultFields of(List<String> names) {
        if (names == null || names.isEmpty()) {
            return ALL;
        }
        EnumSet<Field> chosen = EnumSet.of(Field.PRODUCT_ID);
        for (String name : names) {
            String wanted = name == null ? "" : name.strip();
            chosen.add(Arrays.stream(Field.values()).filter(f -> f.wire.equals(wanted)).findFirst()
                    .orElseThrow(() -> ShopLensException.invalid("unknown field '" + wanted + "' in fields: choose from "
                            + Arrays.stream(Field.values()).map(Field::wire).collect(Collectors.joining(", ")))));
        }
        return new ResultFields(chosen);
    }

    /** Reads "name,score" as the query parameter carries it. */
    public static ResultFields parse(String commaSeparated) {
        if (commaSeparated == null || commaSeparated.isBlank()) {
            return ALL;
        }
        return of(Arrays.asList(commaSeparated.split(",")));
    }

    public boolean has(Field field) {
        return fields.contains(field);
    }
}
