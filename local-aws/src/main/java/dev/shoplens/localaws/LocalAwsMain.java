package dev.shoplens.localaws;

import dev.shoplens.aws.AwsClients;
import dev.shoplens.aws.AwsSettings;
import dev.shoplens.aws.sqs.DeadLetterRedrive;

import java.util.HashMap;
import java.util.Map;

/**
 * Starts the no-Docker local AWS mode. The servers come first (scripts/run-local-aws.sh starts them); the
 * settings are the functions' own environment variables, with local defaults. With the argument
 * {@code redrive} it only sends the dead-letter queue's messages back to the ingest queue.
 */
public final class LocalAwsMain {
    private LocalAwsMain() {
    }

    public static void main(String[] args) {
        Map<String, String> env = new HashMap<>(Map.of(
                "AWS_REGION", "us-east-1",
                "AWS_ENDPOINT_URL", "http://127.0.0.1:5000",
                "IMAGE_BUCKET", "shoplens-local",
                "PRODUCTS_TABLE", "shoplens-products",
                "IMAGE_RECORDS_TABLE", "shoplens-image-records",
                "OPENSEARCH_ENDPOINT", "http://127.0.0.1:9200",
                "VECTOR_INDEX", "shoplens-vectors",
                "KNN_ENGINE", "lucene",
                "MODEL_DIR", "layers/model/builtin",
                "OBJECT_FINDER_DIR", "layers/model/detector"));
        env.putAll(System.getenv());
        System.setProperty("aws.accessKeyId", env.getOrDefault("AWS_ACCESS_KEY_ID", "test"));
        System.setProperty("aws.secretAccessKey", env.getOrDefault("AWS_SECRET_ACCESS_KEY", "test"));
        String queue = env.getOrDefault("INGEST_QUEUE", "shoplens-ingest");
        if (args.length > 0 && args[0].equals("redrive")) { // after an outage: the dead letters go back to ingest
            try (AwsClients clients = AwsClients.of(AwsSettings.from(env))) {
                var sqs = clients.sqs();
                int moved = new DeadLetterRedrive(sqs).redrive(sqs.getQueueUrl(q -> q.queueName(queue + "-dlq")).queueUrl(),
                        sqs.getQueueUrl(q -> q.queueName(queue)).queueUrl());
                System.out.println("sent " + moved + " messages from " + queue + "-dlq back to " + queue);
            }
            return;
        }
        int port = Integer.parseInt(env.getOrDefault("API_PORT", "3000"));
        // PAGE_ORIGINS as the template's PageOrigins: where the static shopper's page may call the API from
        java.util.Set<String> origins = java.util.Arrays.stream(env.getOrDefault("PAGE_ORIGINS", "").split(","))
                .map(String::strip).filter(o -> !o.isEmpty()).collect(java.util.stream.Collectors.toSet());
        LocalAwsMode mode = LocalAwsMode.start(AwsSettings.from(env), queue, port, LocalAwsMode.VISIBILITY_SECONDS,
                origins.isEmpty() ? LocalApiGateway.Cors.NONE : LocalApiGateway.Cors.forPages(origins));
        Runtime.getRuntime().addShutdownHook(new Thread(mode::close));
        System.out.println("ShopLens local AWS mode: API on http://127.0.0.1:" + mode.port() + " (POST /uploads, "
                + "POST /search, GET /products/{id}, GET /products/{id}/similar, PATCH /products/{id}); bucket "
                + env.get("IMAGE_BUCKET")
                + " on " + env.get("AWS_ENDPOINT_URL"));
    }
}
