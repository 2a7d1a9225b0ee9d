package dev.shoplens.aws;

import dev.shoplens.aws.dynamodb.DynamoDbCatalogStore;
import dev.shoplens.aws.dynamodb.DynamoDbImageRecords;
import dev.shoplens.aws.s3.S3ImageStore;
import org.opensearch.client.opensearch.OpenSearchClient;
import software.amazon.awssdk.regions.Region;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The real local servers the adapter tests run against, started once per test JVM through the checked-in
 * scripts: moto_server (S3, DynamoDB, SQS) and a single-node OpenSearch with the k-NN plugin. Each run takes
 * free ports and a state folder of its own, and stops only the servers it started, so two test runs on one
 * machine never meet.
 */
public final class LocalServices {
    private static final Path ROOT = LocalAws.repositoryRoot();
    private static int motoPort;
    private static int openSearchPort;
    private static int openSearchTransportPort;
    private static Path stateDir;

    private LocalServices() {
    }

    public static synchronized void start() {
        if (stateDir != null) {
            return;
        }
        System.setProperty("aws.accessKeyId", "test");
        System.setProperty("aws.secretAccessKey", "test");
        try {
            // Readable by all: as root, OpenSearch runs as an unprivileged user that must reach its folder.
            stateDir = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "shoplens-services-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a state folder for the local servers", e);
        }
        motoPort = freePort();
        openSearchPort = freePort();
        openSearchTransportPort = freePort();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopOpenSearch();
            script("moto.sh", "stop", Integer.toString(motoPort), stateDir.resolve("moto").toString());
            deleteRecursively(stateDir);
        }));
        script("moto.sh", "start", Integer.toString(motoPort), stateDir.resolve("moto").toString());
        startOpenSearch();
    }

    public static URI motoEndpoint() {
        start();
        return URI.create("http://127.0.0.1:" + motoPort);
    }

    public static URI openSearchEndpoint() {
        start();
        return URI.create("http://127.0.0.1:" + openSearchPort);
    }

    public static void stopOpenSearch() {
        script("opensearch.sh", "stop", Integer.toString(openSearchPort), stateDir.resolve("opensearch").toString());
        // wait until the port refuses connections
        for (int i = 0; i < 100; i++) {
            try (var socket = new Socket("127.0.0.1", openSearchPort)) {
                Thread.sleep(200);
            } catch (IOException e) {
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for OpenSearch to stop", e);
            }
        }
        throw new IllegalStateException("OpenSearch still answers on port " + openSearchPort + " after stop");
    }

    public static void startOpenSearch() {
        script("opensearch.sh", "start", Integer.toString(openSearchPort), stateDir.resolve("opensearch").toString());
    }

    public static AwsClients clients() {
        return new AwsClients(Region.US_EAST_1, motoEndpoint(), openSearchEndpoint());
    }

    /** A bucket, an image ledger and a catalog table of their own on moto_server, for one test class. */
    public record Stores(String run, S3ImageStore images,
                         DynamoDbImageRecords records,
                         DynamoDbCatalogStore catalog) {
    }

    public static Stores freshStores(String prefix) {
        start();
        String run = UUID.randomUUID().toString().substring(0, 8);
        AwsClients clients = clients();
        var s3 = clients.s3();
        String bucket = prefix + "-" + run;
        s3.createBucket(b -> b.bucket(bucket));
        var dynamo = clients.dynamoDb();
        var records = new DynamoDbImageRecords(clients.dynamoDbEnhanced(),
                "records-" + run);
        records.createTableIfMissing();
        var catalog = new DynamoDbCatalogStore(dynamo, "products-" + run);
        catalog.createTableIfMissing();
        return new Stores(run, new S3ImageStore(s3, bucket), records, catalog);
    }

    public static OpenSearchClient openSearch() {
        return AwsClients.openSearchLocal(openSearchEndpoint());
    }

    private static void deleteRecursively(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            System.err.println("could not remove " + dir + ": " + e.getMessage());
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port for a local server", e);
        }
    }

    private static void script(String name, String... args) {
        String[] command = new String[args.length + 1];
        command[0] = ROOT.resolve("scripts/services/" + name).toString();
        System.arraycopy(args, 0, command, 1, args.length);
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile()).inheritIO();
            builder.environment().put("OPENSEARCH_TRANSPORT_PORT", Integer.toString(openSearchTransportPort));
            Process p = builder.start();
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
