package dev.shoplens.aws;

import dev.shoplens.aws.sagemaker.SageMakerEndpointTransport;
import dev.shoplens.core.embedding.Vectors;
import dev.shoplens.core.embedding.remote.RemoteEmbedder;
import dev.shoplens.core.model.ModelManifestReader;
import dev.shoplens.core.testing.ModelServerProcess;
import dev.shoplens.core.testing.TestImages;
import dev.shoplens.engine.djl.DjlEmbedder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

import java.awt.image.BufferedImage;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The SageMaker InvokeEndpoint transport, signed by the SDK's SigV4 signer, against the project's model
 * server behind a test stand-in for SageMaker Runtime (layers/model/tests/sagemaker_runtime_stub.py: it
 * takes InvokeEndpoint's path and checks the signature's shape) serving the built-in model: the same
 * vectors as the embedder in this process. EMBEDDER_URL=sagemaker:NAME selects it.
 */
class SageMakerEndpointTransportTest {
    private static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();
    private static final Path MODEL = ROOT.resolve("layers/model/builtin");
    private static ModelServerProcess server;
    private static URI base;

    @BeforeAll
    static void startServer() {
        server = ModelServerProcess.startBehindSageMakerRuntime(ROOT, MODEL);
        base = server.endpoint();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Test
    void aSignedInvokeEndpointCallGivesTheLocalEmbeddersVectors() {
        var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret"));
        List<BufferedImage> images = List.of(TestImages.blocks(90, 70, 1), TestImages.blocks(64, 64, 2));
        try (RemoteEmbedder remote = RemoteEmbedder.connect(ModelManifestReader.read(MODEL),
                new SageMakerEndpointTransport("shoplens-embedder", Region.EU_WEST_1, credentials, base));
             DjlEmbedder local = DjlEmbedder.load(MODEL, 1)) {
            List<float[]> got = remote.embed(images);
            List<float[]> want = local.embed(images);
            for (int i = 0; i < images.size(); i++) {
                assertThat(Vectors.dot(got.get(i), want.get(i))).isGreaterThan(0.9999f);
            }
        }
    }

    @Test
    void anUnsignedCallIsRefusedAndABadEndpointNameIsNamed() throws Exception {
        try (java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient()) {
            var unsigned = http.send(java.net.http.HttpRequest.newBuilder(base.resolve("/endpoints/shoplens-embedder/invocations"))
                    .header("Content-Type", "application/x-npy").POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(
                            new byte[] {1})).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(unsigned.statusCode()).as("the server checks for a signature, so the signed test means something")
                    .isEqualTo(403);
            assertThat(unsigned.body()).contains("SigV4");
        }
        assertThatThrownBy(() -> new SageMakerEndpointTransport("bad name!", Region.EU_WEST_1,
                StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b")), base))
                .hasMessageContaining("'bad name!' is not valid");
        assertThatThrownBy(() -> AwsSettings.from(Map.of("AWS_REGION", "eu-west-1", "IMAGE_BUCKET", "b",
                "PRODUCTS_TABLE", "p", "IMAGE_RECORDS_TABLE", "r", "OPENSEARCH_ENDPOINT", "http://localhost:9200",
                "EMBEDDER_URL", "sagemaker:no_underscores"))).hasMessageContaining("not a valid endpoint name");
        assertThat(AwsSettings.from(Map.of("AWS_REGION", "eu-west-1", "IMAGE_BUCKET", "b", "PRODUCTS_TABLE", "p",
                "IMAGE_RECORDS_TABLE", "r", "OPENSEARCH_ENDPOINT", "http://localhost:9200",
                "EMBEDDER_URL", "sagemaker:shoplens-embedder")).sageMakerEndpoint()).isEqualTo("shoplens-embedder");
    }
}
