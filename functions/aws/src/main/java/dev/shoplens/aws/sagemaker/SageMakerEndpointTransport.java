package dev.shoplens.aws.sagemaker;

import dev.shoplens.core.embedding.remote.HttpModelServerTransport;
import dev.shoplens.core.embedding.remote.ModelServerTransport;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.regions.Region;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;

/**
 * Embeds on a SageMaker real-time endpoint (a GPU instance running the model server of
 * layers/model/serve, or DJL Serving, with the same model directory) through SageMaker Runtime's
 * InvokeEndpoint: {@code POST /endpoints/<name>/invocations}, signed with the SDK's SigV4 signer for the
 * service {@code sagemaker}. The SDK's SageMaker Runtime client is not served to the machines this project
 * is built on, so the request is made here and signed by the SDK.
 */
public final class SageMakerEndpointTransport implements ModelServerTransport {
    /** Headers the HTTP client sets itself and refuses to be given. */
    private static final Set<String> RESTRICTED = Set.of("host", "content-length", "connection", "expect", "upgrade");

    private final URI invocations;
    private final Region region;
    private final AwsCredentialsProvider credentials;
    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /**
     * @param runtimeEndpoint SageMaker Runtime's base URL; null for the region's public one
     */
    public SageMakerEndpointTransport(String endpointName, Region region, AwsCredentialsProvider credentials,
                                      URI runtimeEndpoint) {
        if (!isValidEndpointName(endpointName)) {
            throw new IllegalArgumentException("SageMaker endpoint name '" + endpointName + "' is not valid (EMBEDDER_URL "
                    + "sagemaker:<endpoint-name>)");
        }
        URI base = runtimeEndpoint != null ? runtimeEndpoint
                : URI.create("https://runtime.sagemaker." + region.id() + ".amazonaws.com");
        this.invocations = base.resolve("/endpoints/" + URLEncoder.encode(endpointName, StandardCharsets.UTF_8)
                + "/invocations");
        this.region = region;
        this.credentials = credentials;
    }

    /** SageMaker's rule for endpoint names: letters, digits and inner hyphens, up to 63 characters. */
    public static boolean isValidEndpointName(String name) {
        return name != null && name.matches("[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}");
    }

    /** InvokeEndpoint has no ping: the first embedding, which connect() makes, shows the endpoint works. */
    @Override
    public void ping() {
        credentials.resolveCredentials();
    }

    @Override
    public byte[] invoke(byte[] npy) {
        SdkHttpRequest unsigned = SdkHttpRequest.builder().method(SdkHttpMethod.POST).uri(invocations)
                .putHeader("Content-Type", "application/x-npy").putHeader("Accept", "application/json").build();
        SignedRequest signed = signer.sign(r -> r.identity(credentials.resolveCredentials())
                .request(unsigned)
                .payload(ContentStreamProvider.fromByteArray(npy))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "sagemaker")
                .putProperty(AwsV4HttpSigner.REGION_NAME, region.id()));
        HttpRequest.Builder request = HttpRequest.newBuilder(invocations).timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofByteArray(npy));
        signed.request().headers().forEach((name, values) -> {
            if (!RESTRICTED.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(v -> request.header(name, v));
            }
        });
        return HttpModelServerTransport.send(http, request.build(), "SageMaker endpoint " + invocations);
    }

    @Override
    public String describe() {
        return invocations.toString();
    }

    @Override
    public void close() {
        http.close();
    }
}
