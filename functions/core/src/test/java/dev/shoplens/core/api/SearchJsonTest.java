package dev.shoplens.core.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shoplens.core.domain.AttributeFilter;
import dev.shoplens.core.domain.ImageKey;
import dev.shoplens.core.domain.ProductId;
import dev.shoplens.core.domain.ProductMatch;
import dev.shoplens.core.domain.SearchResult;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SearchJsonTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static AttributeFilter filter(String text) {
        return FilterJson.parse(json(text));
    }

    @Test
    void readsEveryFilterForm() {
        assertThat(filter("{'color': 'red'}")).isEqualTo(new AttributeFilter.Term("color", "red"));
        assertThat(filter("{'color': 'red', 'brand': 'acme'}")).isEqualTo(new AttributeFilter.All(List.of(
                new AttributeFilter.Term("brand", "acme"), new AttributeFilter.Term("color", "red"))));
        assertThat(filter("{'terms': {'color': ['red', 'blue']}}"))
                .isEqualTo(new AttributeFilter.Terms("color", Set.of("red", "blue")));
        assertThat(filter("{'range': {'price': {'gte': 10, 'lt': 50.5}}}"))
                .isEqualTo(new AttributeFilter.Range("price", 10.0, null, null, 50.5));
        AttributeFilter nested = filter("{'or': [{'term': {'color': 'green'}}, {'and': [{'term': {'brand': 'x'}},"
                + " {'range': {'price': {'gt': 100}}}]}]}");
        assertThat(nested.admits(Map.of("color", "green"))).isTrue();
        assertThat(nested.admits(Map.of("brand", "x", "price", "100.5"))).isTrue();
        assertThat(nested.admits(Map.of("brand", "x", "price", "100"))).isFalse();
        assertThat(nested.admits(Map.of("brand", "x", "price", "cheap"))).isFalse();
        // An attribute named like an operator, with a string value, is the shorthand.
        assertThat(filter("{'range': 'wide'}")).isEqualTo(new AttributeFilter.Term("range", "wide"));
        assertThat(FilterJson.parse(null).isEmpty()).isTrue();
    }

    @Test
    void refusesMalformedFiltersWithTheReason() {
        assertThatThrownBy(() -> filter("{'range': {'price': {'gte': 'cheap'}}}"))
                .hasMessageContaining("'filter.range.price.gte' must be a number, got \"cheap\"");
        assertThatThrownBy(() -> filter("{'range': {'price': {'from': 1}}}")).hasMessageContaining("unknown bound 'from'");
        assertThatThrownBy(() -> filter("{'range': {'price': {'gte': 9, 'lte': 1}}}")).hasMessageContaining("is empty");
        assertThatThrownBy(() -> filter("{'range': {'price': {}}}")).hasMessageContaining("object of bounds");
        assertThatThrownBy(() -> filter("{'terms': {'color': 'red'}}")).hasMessageContaining("array of strings");
        assertThatThrownBy(() -> filter("{'terms': {'color': []}}")).hasMessageContaining("from 1 to 100 values");
        assertThatThrownBy(() -> filter("{'and': []}")).hasMessageContaining("non-empty array");
        assertThatThrownBy(() -> filter("{'or': [{'color': 5}]}")).hasMessageContaining("'filter.or[0]'")
                .hasMessageContaining("value of 'color' must be a string");
        assertThatThrownBy(() -> filter("{'term': {'Bad Name': 'x'}}")).hasMessageContaining("attribute name 'Bad Name'");
        assertThatThrownBy(() -> filter("['red']")).hasMessageContaining("must be a JSON object");
        assertThatThrownBy(() -> filter("{'color': 'red', 'range': {'price': {'lt': 5}}}"))
                .hasMessageContaining("'range' must be the only key").hasMessageContaining("\"and\"");
        String deep = "{'term': {'a': 'b'}}";
        for (int i = 0; i < 6; i++) {
            deep = "{'and': [" + deep + "]}";
        }
        String tooDeep = deep;
        assertThatThrownBy(() -> filter(tooDeep)).hasMessageContaining("more than 5 levels");
        StringBuilder many = new StringBuilder("{'or': [");
        for (int i = 0; i < 65; i++) {
            many.append(i == 0 ? "" : ",").append("{'term': {'a': '").append(i).append("'}}");
        }
        assertThatThrownBy(() -> filter(many + "]}")).hasMessageContaining("65 tests; at most 64");
    }

    @Test
    void readsTheOtherSearchOptions() {
        SearchJson.Options o = SearchJson.read(json("{'k': 3, 'minScore': 0.5, 'cursor': 'abc', 'box': [0, 0, 0.5, 1],"
                + " 'fields': ['name', 'score']}"));
        assertThat(o.search().k()).isEqualTo(3);
        assertThat(o.search().minScore()).isEqualTo(0.5);
        assertThat(o.search().cursor()).isEqualTo("abc");
        assertThat(o.box().right()).isEqualTo(0.5);
        assertThat(o.fields().has(ResultFields.Field.SCORE)).isTrue();
        assertThat(o.fields().has(ResultFields.Field.IMAGE_URL)).isFalse();
        assertThatThrownBy(() -> SearchJson.read(json("{'k': 101}"))).hasMessageContaining("k must be between 1 and 100");
        assertThatThrownBy(() -> SearchJson.read(json("{'k': 2.5}"))).hasMessageContaining("whole number");
        assertThatThrownBy(() -> SearchJson.read(json("{'k': 1000000000000}")))
                .hasMessage("k must be between 1 and 100, got 1000000000000");
        assertThatThrownBy(() -> SearchJson.read(json("{'cursor': 5}"))).hasMessageContaining("'cursor' must be the string");
        assertThatThrownBy(() -> SearchJson.read(json("{'fields': ['price']}")))
                .hasMessageContaining("unknown field 'price' in fields: choose from productId, name");
        assertThatThrownBy(() -> SearchJson.read(json("{'box': [0, 0, 2, 1]}"))).hasMessageContaining("within the photo");
        assertThat(SearchJson.read(json("{'box': 'auto'}")).autoCrop()).isTrue();
        assertThat(SearchJson.fromParameters(Parameters.ofSingle(Map.of("box", "auto"))).autoCrop()).isTrue();
        assertThatThrownBy(() -> SearchJson.read(json("{'box': 'middle'}"))).hasMessageContaining("or \"auto\"");
    }

    @Test
    void leavesOutTheFieldsNotAskedFor() throws Exception {
        SearchResult result = new SearchResult(List.of(new ProductMatch(ProductId.of("p1"), "Mug", Map.of("color", "red"),
                ImageKey.of("catalog/p1/a.png"), 0.9f)), "m@1", 1, 2, "next");
        int[] signed = {0};
        String all = JSON.writeValueAsString(ApiResponses.search(result, k -> {
            signed[0]++;
            return "/images/" + k.value();
        }));
        assertThat(all).contains("\"name\":\"Mug\"", "\"imageUrl\":\"/images/catalog/p1/a.png\"", "\"nextCursor\":\"next\"");
        String some = JSON.writeValueAsString(ApiResponses.search(result, k -> {
            signed[0]++;
            return "url";
        }, ResultFields.parse("score")));
        assertThat(some).contains("\"productId\":\"p1\"", "\"score\":0.9").doesNotContain("\"name\"", "imageUrl",
                "attributes", "imageKey");
        assertThat(signed[0]).as("URLs made only when asked for").isEqualTo(1);
    }

    @Test
    void queryParametersGiveTheSameOptionsWithoutAJsonDetour() {
        SearchJson.Options o = SearchJson.fromParameters(Parameters.fromQueryString(
                "k=3&minScore=0.5&cursor=abc&box=0,0,0.5,1&fields=name,score&filter.category=toys"));
        assertThat(o.search().k()).isEqualTo(3);
        assertThat(o.search().minScore()).isEqualTo(0.5);
        assertThat(o.search().cursor()).isEqualTo("abc");
        assertThat(o.box().right()).isEqualTo(0.5);
        assertThat(o.fields().has(ResultFields.Field.SCORE)).isTrue();
        assertThat(o.search().filter()).isEqualTo(new AttributeFilter.Term("category", "toys"));
        assertThatThrownBy(() -> SearchJson.fromParameters(Parameters.fromQueryString("k=1000000000000")))
                .hasMessage("k must be between 1 and 100, got 1000000000000");
        assertThatThrownBy(() -> SearchJson.fromParameters(Parameters.fromQueryString("k=ten")))
                .hasMessageContaining("'k' must be a whole number, got 'ten'");
    }

    @Test
    void aRepeatedFilterAttributeMatchesAnyOfItsValuesAndOtherRepeatsAreRefused() {
        SearchJson.Options o = SearchJson.fromParameters(Parameters.fromQueryString(
                "filter.category=footwear&filter.category=toys&filter.color=red"));
        assertThat(o.search().filter()).isEqualTo(new AttributeFilter.All(List.of(
                new AttributeFilter.Terms("category", new java.util.LinkedHashSet<>(List.of("footwear", "toys"))),
                new AttributeFilter.Term("color", "red"))));
        assertThatThrownBy(() -> SearchJson.fromParameters(Parameters.fromQueryString("k=2&k=3")))
                .hasMessageContaining("'k' was given 2 times: give it once");
        assertThatThrownBy(() -> SearchJson.fromParameters(Parameters.fromQueryString("filter=%7B%7D&filter.a=b")))
                .hasMessageContaining("not both");
    }

    @Test
    void aQueryStringIsDecodedAsBrowsersEncodeIt() {
        Parameters p = Parameters.fromQueryString("name=summer+dress&note=caf%C3%A9&flag&empty=");
        assertThat(p.one("name")).contains("summer dress");
        assertThat(p.one("note")).contains("café");
        assertThat(p.one("flag")).isEmpty();
        assertThat(p.all("flag")).containsExactly("");
        assertThatThrownBy(() -> Parameters.fromQueryString("bad=%zz")).hasMessageContaining("percent-encoded");
    }
}
