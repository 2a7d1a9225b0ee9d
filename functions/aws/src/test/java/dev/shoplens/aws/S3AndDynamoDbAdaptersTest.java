package dev.shoplens.aws;

import dev.shoplens.aws.dynamodb.DynamoDbCatalogStore;
import dev.shoplens.aws.s3.S3EventParser;
import dev.shoplens.aws.s3.S3ImageStore;
import dev.shoplens.core.domain.ErrorCode;
import dev.shoplens.core.domain.ImageEvent;
import dev.shoplens.core.domain.ImageKey;
import dev.shoplens.core.domain.Product;
import dev.shoplens.core.domain.ProductId;
import dev.shoplens.core.domain.ShopLensException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The S3 and DynamoDB adapters against moto_server. */
class S3AndDynamoDbAdaptersTest {
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static S3Client s3;
    private static S3ImageStore images;
    private static DynamoDbCatalogStore catalog;

    @BeforeAll
    static void wire() {
        LocalServices.start();
        AwsClients clients = LocalServices.clients();
        s3 = clients.s3();
        s3.createBucket(b -> b.bucket("adapters-" + RUN));
        images = new S3ImageStore(s3, "adapters-" + RUN);
        catalog = new DynamoDbCatalogStore(clients.dynamoDb(), "catalog-" + RUN);
        catalog.createTableIfMissing();
    }

    private static String event(String name, String encodedKey, String sequencer) {
        return """
                {"Records": [{"eventVersion": "2.1", "eventSource": "aws:s3", "awsRegion": "us-east-1",
                  "eventTime": "2026-11-26T10:00:00.000Z", "eventName": "%s",
                  "s3": {"bucket": {"name": "adapters-%s"},
                         "object": {"key": "%s", "size": 1024, "eTag": "abc", "sequencer": "%s"}}}]}"""
                .formatted(name, RUN, encodedKey, sequencer);
    }

    @Test
    void aKeyWithSpacesAndUnicodeInAnS3EventIsReadCorrectly() {
        ImageKey key = ImageKey.of("catalog/summer-2026/red shoe été 👟.jpg");
        byte[] bytes = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 1, 2, 3};
        images.write(key, bytes, "image/jpeg");
        // S3 encodes keys in events like a form: '+' for a space, %XX for UTF-8 bytes
        String encoded = "catalog/summer-2026/red+shoe+%C3%A9t%C3%A9+%F0%9F%91%9F.jpg";
        List<S3EventParser.Parsed> parsed = S3EventParser.parse(event("ObjectCreated:Put", encoded, "0055AED6DCD90281E5"));
        assertThat(parsed).hasSize(1);
        ImageEvent event = parsed.getFirst().event();
        assertThat(event.key()).isEqualTo(key);
        assertThat(event.kind()).isEqualTo(ImageEvent.Kind.STORED);
        assertThat(event.key().productId()).isEqualTo(ProductId.of("summer-2026"));
        assertThat(images.read(event.key(), 1000).orElseThrow().bytes()).isEqualTo(bytes);
    }

    @Test
    void removalsParseAndForeignKeysAreRefusedWithAReason() {
        assertThat(S3EventParser.parse(event("ObjectRemoved:Delete", "catalog/p1/a.png", "01")).getFirst().event().kind())
                .isEqualTo(ImageEvent.Kind.REMOVED);
        S3EventParser.Parsed outside = S3EventParser.parse(event("ObjectCreated:Put", "queries/x.jpg", "01")).getFirst();
        assertThat(outside.event()).isNull();
        assertThat(outside.refusal().getMessage()).contains("outside the catalog");
        assertThat(S3EventParser.parse("{\"Service\":\"Amazon S3\",\"Event\":\"s3:TestEvent\"}")).isEmpty();
        assertThatThrownBy(() -> S3EventParser.parse("not json")).hasMessageContaining("not valid JSON");
    }

    @Test
    void anOversizeObjectIsRefusedFromItsSizeBeforeReading() {
        ImageKey key = ImageKey.of("catalog/big/huge.jpg");
        images.write(key, new byte[5000], "image/jpeg");
        assertThatThrownBy(() -> images.read(key, 1000)).isInstanceOfSatisfying(ShopLensException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.IMAGE_TOO_LARGE));
        assertThat(images.read(ImageKey.of("catalog/big/absent.jpg"), 1000)).isEmpty();
    }

    @Test
    void anImageExistsUntilItIsDeleted() {
        ImageKey key = ImageKey.of("catalog/exists/one.jpg");
        assertThat(images.exists(key)).isFalse();
        images.write(key, new byte[10], "image/jpeg");
        assertThat(images.exists(key)).isTrue();
        images.delete(key);
        assertThat(images.exists(key)).isFalse();
    }

    @Test
    void concurrentCatalogUpdatesLoseNothing() throws Exception {
        ProductId id = ProductId.of("busy-" + RUN);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                int n = i;
                futures.add(pool.submit(() -> catalog.addImage(id, ImageKey.of("catalog/" + id + "/" + n + ".jpg"),
                        n == 0 ? "Busy product" : null, Map.of("a" + n, "v" + n), Instant.now())));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        Product p = catalog.find(id).orElseThrow();
        assertThat(p.images()).hasSize(24);
        assertThat(p.attributes()).hasSize(24);
        assertThat(p.name()).isEqualTo("Busy product");
        catalog.removeImage(id, ImageKey.of("catalog/" + id + "/0.jpg"), Instant.now());
        catalog.removeImage(ProductId.of("absent"), ImageKey.of("catalog/absent/0.jpg"), Instant.now());
        assertThat(catalog.find(id).orElseThrow().images()).hasSize(23);
        assertThat(catalog.findAll(List.of(id, ProductId.of("absent")))).containsOnlyKeys(id);
    }
}
