package dev.shoplens.aws;

import org.opensearch.client.opensearch.OpenSearchClient;
import software.amazon.awssdk.regions.Region;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The real local servers the adapter tests run against, started once per test JVM through the checked-in
 * scripts: moto_server (S3, DynamoDB, SQS) and a single-node OpenSearch with the k-NN plugin.
 */
public final class LocalServices {
    public static final int MOTO_PORT = 5055;
    public static final int OPENSEARCH_PORT = 9250;
    private static final Path ROOT = LocalAws.repositoryRoot();
    private static boolean started;

    private LocalServices() {
    }

    public static synchronized void start() {
        if (started) {
            return;
        }
        System.setProperty("aws.accessKeyId", "test");
        System.setProperty("aws.secretAccessKey", "test");
        script("moto.sh", "start", Integer.toString(MOTO_PORT));
        script("opensearch.sh", "start", Integer.toString(OPENSEARCH_PORT));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            script("opensearch.sh", "stop", Integer.toString(OPENSEARCH_PORT));
            script("moto.sh", "stop", Integer.toString(MOTO_PORT));
        }));
        started = true;
    }

    public static void stopOpenSearch() {
        script("opensearch.sh", "stop", Integer.toString(OPENSEARCH_PORT));
        // wait until the port refuses connections
        for (int i = 0; i < 100; i++) {
            try (var socket = new java.net.Socket("127.0.0.1", OPENSEARCH_PORT)) {
                Thread.sleep(200);
            } catch (IOException e) {
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    public static void startOpenSearch() {
        script("opensearch.sh", "start", Integer.toString(OPENSEARCH_PORT));
    }

    public static AwsClients clients() {
        return new AwsClients(Region.US_EAST_1, URI.create("http://127.0.0.1:" + MOTO_PORT));
    }

    /** A bucket, an image ledger and a catalog table of their own on moto_server, for one test class. */
    public record Stores(String run, dev.shoplens.aws.s3.S3ImageSource images,
                         dev.shoplens.aws.dynamodb.DynamoDbImageRecords records,
                         dev.shoplens.aws.dynamodb.DynamoDbCatalogStore catalog) {
    }

    public static Stores freshStores(String prefix) {
        start();
        String run = java.util.UUID.randomUUID().toString().substring(0, 8);
        AwsClients clients = clients();
        var s3 = clients.s3();
        String bucket = prefix + "-" + run;
        s3.createBucket(b -> b.bucket(bucket));
        var dynamo = clients.dynamoDb();
        var records = new dev.shoplens.aws.dynamodb.DynamoDbImageRecords(clients.dynamoDbEnhanced(dynamo),
                "records-" + run);
        records.createTableIfMissing();
        var catalog = new dev.shoplens.aws.dynamodb.DynamoDbCatalogStore(dynamo, "products-" + run);
        catalog.createTableIfMissing();
        return new Stores(run, new dev.shoplens.aws.s3.S3ImageSource(s3, bucket), records, catalog);
    }

    public static OpenSearchClient openSearch() {
        return AwsClients.openSearchLocal(URI.create("http://127.0.0.1:" + OPENSEARCH_PORT));
    }

    private static void script(String name, String... args) {
        String[] command = new String[args.length + 1];
        command[0] = ROOT.resolve("scripts/services/" + name).toString();
        System.arraycopy(args, 0, command, 1, args.length);
        try {
            Process p = new ProcessBuilder(command).directory(ROOT.toFile()).inheritIO().start();
            if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed; the adapter tests need it");
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command[0], e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
