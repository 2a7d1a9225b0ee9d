package dev.shoplens.aws.opensearch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shoplens.core.domain.ImageKey;
import dev.shoplens.core.domain.ProductId;
import dev.shoplens.core.port.VectorIndex.VectorRecord;
import jakarta.json.stream.JsonGenerator;
import org.junit.jupiter.api.Test;
import org.opensearch.client.json.jackson.JacksonJsonpMapper;

import java.io.StringWriter;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The index's mapping and documents as OpenSearch receives them. */
class VectorIndexSchemaTest {
    private static final JacksonJsonpMapper MAPPER = new JacksonJsonpMapper();

    @Test
    void theMappingDeclaresAnInnerProductHnswVectorAndKeywordAttributes() throws Exception {
        StringWriter out = new StringWriter();
        try (JsonGenerator generator = MAPPER.jsonProvider().createGenerator(out)) {
            VectorIndexSchema.mapping("m@1", 64, KnnEngine.FAISS).serialize(generator, MAPPER);
        }
        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertThat(json.path("_meta").path("model").asText()).isEqualTo("m@1");
        JsonNode vector = json.path("properties").path("vector");
        assertThat(vector.path("type").asText()).isEqualTo("knn_vector");
        assertThat(vector.path("dimension").asInt()).isEqualTo(64);
        assertThat(vector.path("method").path("engine").asText()).isEqualTo("faiss");
        assertThat(vector.path("method").path("space_type").asText()).isEqualTo("innerproduct");
        assertThat(vector.path("method").path("parameters").path("ef_construction").asInt()).isEqualTo(128);
        assertThat(json.path("properties").path("imageKey").path("type").asText()).isEqualTo("keyword");
        assertThat(json.path("dynamic_templates").toString()).contains("attributes.*", "keyword", "numbers.*", "double");
    }

    @Test
    void aDocumentCarriesItsAttributesAndTheirNumbersForRanges() throws Exception {
        VectorDocument doc = VectorDocument.of(new VectorRecord(ImageKey.of("catalog/p1/a.jpg"), ProductId.of("p1"),
                new float[]{0.6f, 0.8f}, "m@1", Map.of("price", "12.5", "color", "red")));
        JsonNode json = new ObjectMapper().readTree(new ObjectMapper().writeValueAsString(doc));
        assertThat(json.path("imageKey").asText()).isEqualTo("catalog/p1/a.jpg");
        assertThat(json.path("attributes").path("color").asText()).isEqualTo("red");
        assertThat(json.path("numbers").path("price").asDouble()).isEqualTo(12.5);
        assertThat(json.path("numbers").has("color")).isFalse();
        assertThat(json.path("vector")).hasSize(2);
    }
}
