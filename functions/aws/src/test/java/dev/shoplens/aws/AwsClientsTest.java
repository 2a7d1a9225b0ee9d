package dev.shoplens.aws;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;

import java.net.URI;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A process builds each AWS client once; the presigner signs for the same endpoint as the S3 client. */
class AwsClientsTest {

    @BeforeAll
    static void credentials() {
        System.setProperty("aws.accessKeyId", "test");
        System.setProperty("aws.secretAccessKey", "test");
    }

    @Test
    void eachClientIsBuiltOnce() {
        try (AwsClients clients = new AwsClients(Region.EU_WEST_1, URI.create("http://127.0.0.1:4566"),
                URI.create("http://127.0.0.1:9200"))) {
            assertThat(clients.s3()).isSameAs(clients.s3());
            assertThat(clients.presigner()).isSameAs(clients.presigner());
            assertThat(clients.dynamoDb()).isSameAs(clients.dynamoDb());
            assertThat(clients.dynamoDbEnhanced()).isSameAs(clients.dynamoDbEnhanced());
            assertThat(clients.sqs()).isSameAs(clients.sqs());
            assertThat(clients.openSearch()).isSameAs(clients.openSearch());
            String url = clients.presigner().presignPutObject(p -> p.signatureDuration(Duration.ofMinutes(5))
                    .putObjectRequest(r -> r.bucket("images").key("queries/a.jpg"))).url().toString();
            assertThat(url).startsWith("http://127.0.0.1:4566/images/queries/a.jpg?").contains("X-Amz-Signature=");
        }
    }

    @Test
    void aProcessWithoutVectorsSaysWhichSettingIsMissing() {
        try (AwsClients clients = new AwsClients(Region.EU_WEST_1, null, null)) {
            assertThatThrownBy(clients::openSearch).hasMessageContaining("OPENSEARCH_ENDPOINT");
        }
    }
}
