package dev.shoplens.aws;

import dev.shoplens.aws.opensearch.KnnEngine;
import dev.shoplens.aws.sagemaker.SageMakerEndpointTransport;
import dev.shoplens.core.imaging.DecodeLimits;
import software.amazon.awssdk.regions.Region;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

/**
 * Every setting of the functions, read once from the environment and checked at start; an error names the
 * variable to set.
 *
 * @param region            AWS_REGION
 * @param awsEndpoint       AWS_ENDPOINT_URL: only for local runs (moto_server, LocalStack)
 * @param imageBucket       IMAGE_BUCKET
 * @param productsTable     PRODUCTS_TABLE
 * @param imageRecordsTable IMAGE_RECORDS_TABLE
 * @param openSearchUrl     OPENSEARCH_ENDPOINT: the collection endpoint (https: signed for aoss), or a local http URL
 * @param vectorIndex       VECTOR_INDEX
 * @param knnEngine         KNN_ENGINE: faiss on OpenSearch Serverless, lucene on a local node
 * @param modelDir          MODEL_DIR: the model directory, /opt/model in the model layer
 * @param limits            MAX_IMAGE_BYTES and MAX_IMAGE_PIXELS
 * @param embedderUrl       EMBEDDER_URL: optional; a model server (SageMaker container contract, e.g. on a GPU)
 *                          that embeds instead of this process, with the same model as MODEL_DIR
 * @param merchants         MERCHANT_ROLE_NAME (the IAM role merchants assume, default shoplens-merchant) and
 *                          MERCHANT_GROUP (their Cognito group, default merchants)
 * @param metricsNamespace  POWERTOOLS_METRICS_NAMESPACE: where ingest's CloudWatch metrics go, default ShopLens
 * @param objectFinderDir   OBJECT_FINDER_DIR: the object finder's model directory, /opt/object-finder in the
 *                          model layer; null when set to {@code heuristic} (no model)
 */
public record AwsSettings(Region region, URI awsEndpoint, String imageBucket, String productsTable,
                          String imageRecordsTable, URI openSearchUrl, String vectorIndex, KnnEngine knnEngine,
                          Path modelDir, DecodeLimits limits, URI embedderUrl, Merchants merchants,
                          String metricsNamespace, Path objectFinderDir) {

    /** Who counts as a merchant: the IAM role they assume, or their Cognito group. */
    public record Merchants(String roleName, String groupName) {
    }

    public static AwsSettings fromEnvironment() {
        return from(System.getenv());
    }

    public static AwsSettings from(Map<String, String> env) {
        String endpoint = optional(env, "AWS_ENDPOINT_URL");
        return new AwsSettings(Region.of(required(env, "AWS_REGION")),
                endpoint == null ? null : url(env, "AWS_ENDPOINT_URL"),
                required(env, "IMAGE_BUCKET"), required(env, "PRODUCTS_TABLE"), required(env, "IMAGE_RECORDS_TABLE"),
                url(env, "OPENSEARCH_ENDPOINT"), env.getOrDefault("VECTOR_INDEX", "shoplens-vectors"),
                knnEngine(env), Path.of(env.getOrDefault("MODEL_DIR", "/opt/model")),
                new DecodeLimits(number(env, "MAX_IMAGE_BYTES", DecodeLimits.DEFAULT.maxBytes()),
                        number(env, "MAX_IMAGE_PIXELS", DecodeLimits.DEFAULT.maxPixels())),
                embedder(env),
                new Merchants(env.getOrDefault("MERCHANT_ROLE_NAME", "shoplens-merchant"),
                        env.getOrDefault("MERCHANT_GROUP", "merchants")),
                env.getOrDefault("POWERTOOLS_METRICS_NAMESPACE", "ShopLens"),
                objectFinder(env));
    }

    private static Path objectFinder(Map<String, String> env) {
        String value = env.getOrDefault("OBJECT_FINDER_DIR", "/opt/object-finder").strip();
        return value.equals("heuristic") ? null : Path.of(value);
    }

    private static KnnEngine knnEngine(Map<String, String> env) {
        String value = env.getOrDefault("KNN_ENGINE", KnnEngine.FAISS.mappingName());
        return KnnEngine.named(value).orElseThrow(() -> new IllegalStateException(
                "environment variable KNN_ENGINE must be faiss or lucene, got '" + value + "'"));
    }

    /** EMBEDDER_URL: an http(s) model server, or sagemaker:&lt;endpoint-name&gt; for a SageMaker endpoint. */
    private static URI embedder(Map<String, String> env) {
        String value = optional(env, "EMBEDDER_URL");
        if (value == null) {
            return null;
        }
        if (value.startsWith("sagemaker:")) {
            String name = value.substring("sagemaker:".length());
            if (!SageMakerEndpointTransport.isValidEndpointName(name)) {
                throw new IllegalStateException("environment variable EMBEDDER_URL names SageMaker endpoint '" + name
                        + "', which is not a valid endpoint name (letters, digits and '-', up to 63)");
            }
            return URI.create(value);
        }
        return url(env, "EMBEDDER_URL");
    }

    /** The SageMaker endpoint EMBEDDER_URL names, or null when it is an http(s) model server or unset. */
    public String sageMakerEndpoint() {
        return embedderUrl != null && "sagemaker".equals(embedderUrl.getScheme()) ? embedderUrl.getSchemeSpecificPart()
                : null;
    }

    /** Whether vectors go to OpenSearch Serverless (signed requests) rather than a plain local node. */
    public boolean serverless() {
        return "https".equals(openSearchUrl.getScheme());
    }

    private static String required(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("environment variable " + name + " is not set");
        }
        return value.strip();
    }

    private static String optional(Map<String, String> env, String name) {
        String value = env.get(name);
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static URI url(Map<String, String> env, String name) {
        String value = required(env, name);
        try {
            URI uri = URI.create(value);
            if (uri.getHost() == null || !(value.startsWith("http://") || value.startsWith("https://"))) {
                throw new IllegalArgumentException("no host");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("environment variable " + name + " must be an http(s) URL, got '"
                    + value + "'");
        }
    }

    private static long number(Map<String, String> env, String name, long fallback) {
        String value = optional(env, name);
        if (value == null) {
            return fallback;
        }
        try {
            long n = Long.parseLong(value);
            if (n <= 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalStateException("environment variable " + name + " must be a positive whole number, got '"
                    + value + "'");
        }
    }
}
