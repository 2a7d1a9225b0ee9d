package dev.shoplens.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.shoplens.aws.opensearch.KnnEngine;
import dev.shoplens.aws.opensearch.OpenSearchVectorIndex;
import dev.shoplens.core.domain.AttributeFilter;
import dev.shoplens.core.domain.ImageKey;
import dev.shoplens.core.domain.ProductId;
import dev.shoplens.core.port.VectorIndex;
import dev.shoplens.core.testing.TestVectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The vector index as template.yaml declares it (VectorIndex: the k-NN field only), created on a real
 * OpenSearch node with the same mapping, then opened the way each function opens it in AWS: search only
 * checks it, ingest completes what CloudFormation cannot declare, and the result filters and searches like
 * an index the functions made themselves.
 */
class DeclaredVectorIndexTest {
    private static final String MODEL = "declared@1.0";
    private static final int DIMENSION = 16;
    private static JsonNode declared;

    @BeforeAll
    static void read() throws IOException {
        LocalServices.start();
        declared = new ObjectMapper(new YAMLFactory()).readTree(LocalAws.repositoryRoot().resolve("template.yaml")
                .toFile()).path("Resources").path("VectorIndex").path("Properties");
    }

    /** The template's index in OpenSearch's words; the node here has no faiss library, so lucene serves. */
    private static String createBody(int dimension) {
        ObjectMapper json = new ObjectMapper();
        ObjectNode body = json.createObjectNode();
        body.putObject("settings").putObject("index").put("knn",
                declared.path("Settings").path("Index").path("Knn").asBoolean());
        JsonNode vector = declared.path("Mappings").path("Properties").path("vector");
        JsonNode method = vector.path("Method");
        ObjectNode field = body.putObject("mappings").putObject("properties").putObject("vector");
        field.put("type", vector.path("Type").asText()).put("dimension", dimension);
        ObjectNode m = field.putObject("method");
        m.put("name", method.path("Name").asText()).put("engine", KnnEngine.LUCENE.mappingName())
                .put("space_type", method.path("SpaceType").asText());
        m.putObject("parameters").put("m", method.path("Parameters").path("M").asInt())
                .put("ef_construction", method.path("Parameters").path("EfConstruction").asInt());
        return body.toString();
    }

    private static String declareIndex() throws IOException, InterruptedException {
        String name = OpenSearchVectorIndex.indexName("declared-" + UUID.randomUUID().toString().substring(0, 8), MODEL);
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(LocalServices.openSearchEndpoint() + "/" + name))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(createBody(DIMENSION))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return name;
    }

    private static JsonNode mapping(String index) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(LocalServices.openSearchEndpoint() + "/" + index + "/_mapping")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return new ObjectMapper().readTree(response.body()).path(index).path("mappings");
    }

    private static OpenSearchVectorIndex open(String index) {
        return new OpenSearchVectorIndex(LocalServices.openSearch(), index, MODEL, DIMENSION, KnnEngine.LUCENE);
    }

    @Test
    void theTemplatesVectorFieldIsTheOneTheFunctionsWouldCreate() throws Exception {
        String declaredIndex = declareIndex();
        String madeIndex = OpenSearchVectorIndex.indexName("made-" + UUID.randomUUID().toString().substring(0, 8),
                MODEL);
        open(madeIndex).createIndexIfMissing();
        assertThat(mapping(declaredIndex).path("properties").path("vector"))
                .isEqualTo(mapping(madeIndex).path("properties").path("vector"));
    }

    @Test
    void searchOnlyChecksTheDeclaredIndexAndIngestCompletesIt() throws Exception {
        String index = declareIndex();
        open(index).checkDeclaredIndex();
        assertThat(mapping(index).path("properties").has("imageKey")).as("search changed nothing").isFalse();

        OpenSearchVectorIndex ingest = open(index);
        ingest.completeDeclaredIndex();
        JsonNode completed = mapping(index);
        assertThat(completed.path("_meta").path("model").asText()).isEqualTo(MODEL);
        assertThat(completed.path("properties").path("imageKey").path("type").asText()).isEqualTo("keyword");
        ingest.completeDeclaredIndex(); // a second start finds it complete

        Random rnd = new Random(3);
        List<VectorIndex.VectorRecord> records = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            records.add(new VectorIndex.VectorRecord(ImageKey.of("catalog/p" + i + "/a.jpg"), ProductId.of("p" + i),
                    TestVectors.unit(rnd, DIMENSION), MODEL, Map.of("colour", i % 3 == 0 ? "red" : "blue",
                    "price", Integer.toString(i))));
        }
        ingest.add(records);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (ingest.size() != records.size()) {
            assertThat(Instant.now()).as("waiting for the vectors").isBefore(deadline);
            Thread.sleep(250);
        }
        var red = ingest.nearest(TestVectors.unit(rnd, DIMENSION), 10,
                new AttributeFilter.All(List.of(AttributeFilter.equalTo("colour", "red"),
                        new AttributeFilter.Range("price", null, 20.0, null, null))));
        assertThat(red).hasSize(10).allSatisfy(hit -> {
            int n = Integer.parseInt(hit.productId().value().substring(1));
            assertThat(n % 3).isZero();
            assertThat(n).isGreaterThan(20);
        });
        assertThat(ingest.vectorIdsOf(ImageKey.of("catalog/p7/a.jpg"))).hasSize(1);
    }

    @Test
    void aFunctionThatFindsNoIndexForItsModelSaysWhichParametersDeclareIt() {
        String missing = OpenSearchVectorIndex.indexName("missing-" + UUID.randomUUID().toString().substring(0, 8),
                MODEL);
        assertThatThrownBy(() -> open(missing).checkDeclaredIndex())
                .hasMessageContaining("does not exist").hasMessageContaining("ModelSlug")
                .hasMessageContaining("'declared-1-0'").hasMessageContaining(DIMENSION + " dimensions");
        assertThatThrownBy(() -> open(missing).completeDeclaredIndex()).hasMessageContaining("does not exist");
    }
}
