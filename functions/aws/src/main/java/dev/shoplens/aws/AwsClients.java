package dev.shoplens.aws;

import org.apache.hc.core5.http.HttpHost;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.transport.aws.AwsSdk2Transport;
import org.opensearch.client.transport.aws.AwsSdk2TransportOptions;
import org.opensearch.client.transport.httpclient5.ApacheHttpClient5TransportBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.utils.SdkAutoCloseable;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * Every AWS client of a process, each built once, on first use, with the region from the settings and, for
 * local runs (moto_server, a local OpenSearch node), an endpoint override. The SDK clients share one HTTP
 * client; the presigner takes the S3 client's configuration. Closing closes them all.
 */
public final class AwsClients implements AutoCloseable {
    private final Region region;
    private final URI awsEndpoint;
    private final URI openSearchUrl;
    private final SdkHttpClient http = UrlConnectionHttpClient.builder().build();
    private final List<AutoCloseable> built = new ArrayList<>();
    private S3Client s3;
    private S3Presigner presigner;
    private SqsClient sqs;
    private DynamoDbClient dynamoDb;
    private DynamoDbEnhancedClient dynamoDbEnhanced;
    private OpenSearchClient openSearch;

    /**
     * @param region        the AWS region
     * @param awsEndpoint   null in AWS; the moto_server URL locally
     * @param openSearchUrl the collection endpoint (https: OpenSearch Serverless, signed), a local node's http
     *                      URL, or null where the process uses no vectors
     */
    public AwsClients(Region region, URI awsEndpoint, URI openSearchUrl) {
        if (region == null) {
            throw new IllegalArgumentException("the AWS region is not set (AWS_REGION)");
        }
        this.region = region;
        this.awsEndpoint = awsEndpoint;
        this.openSearchUrl = openSearchUrl;
    }

    public static AwsClients of(AwsSettings settings) {
        return new AwsClients(settings.region(), settings.awsEndpoint(), settings.openSearchUrl());
    }

    public synchronized S3Client s3() {
        if (s3 == null) {
            s3 = build(S3Client.builder().forcePathStyle(awsEndpoint != null));
        }
        return s3;
    }

    public synchronized S3Presigner presigner() {
        if (presigner == null) {
            var builder = S3Presigner.builder().region(region).s3Client(s3());
            if (awsEndpoint != null) {
                builder.endpointOverride(awsEndpoint)
                        .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build());
            }
            presigner = remember(builder.build());
        }
        return presigner;
    }

    public synchronized SqsClient sqs() {
        if (sqs == null) {
            sqs = build(SqsClient.builder());
        }
        return sqs;
    }

    public synchronized DynamoDbClient dynamoDb() {
        if (dynamoDb == null) {
            dynamoDb = build(DynamoDbClient.builder());
        }
        return dynamoDb;
    }

    /** An SDK client in this process's region, on the shared HTTP client, at the local endpoint if any. */
    private <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C extends SdkAutoCloseable> C build(B builder) {
        builder.region(region).httpClient(http);
        if (awsEndpoint != null) {
            builder.endpointOverride(awsEndpoint);
        }
        return remember(builder.build());
    }

    public synchronized DynamoDbEnhancedClient dynamoDbEnhanced() {
        if (dynamoDbEnhanced == null) {
            dynamoDbEnhanced = DynamoDbEnhancedClient.builder().dynamoDbClient(dynamoDb()).build();
        }
        return dynamoDbEnhanced;
    }

    /**
     * OpenSearch Serverless with requests signed with SigV4 for service {@code aoss} when the URL is https
     * (through the SDK's Apache client, which the opensearch-java transport needs for request bodies), else a
     * local node over plain HTTP.
     */
    public synchronized OpenSearchClient openSearch() {
        if (openSearch == null) {
            if (openSearchUrl == null) {
                throw new IllegalStateException("no OpenSearch endpoint is set (OPENSEARCH_ENDPOINT)");
            }
            openSearch = "https".equals(openSearchUrl.getScheme())
                    ? new OpenSearchClient(new AwsSdk2Transport(remember(ApacheHttpClient.builder().build()),
                    openSearchUrl.getHost(), "aoss", region, AwsSdk2TransportOptions.builder().build()))
                    : openSearchLocal(openSearchUrl);
        }
        return openSearch;
    }

    /** A local OpenSearch node over plain HTTP (security off), for tests and the no-Docker local mode. */
    public static OpenSearchClient openSearchLocal(URI endpoint) {
        return new OpenSearchClient(ApacheHttpClient5TransportBuilder
                .builder(new HttpHost(endpoint.getScheme(), endpoint.getHost(), endpoint.getPort())).build());
    }

    private <T extends AutoCloseable> T remember(T client) {
        built.add(client);
        return client;
    }

    @Override
    public synchronized void close() {
        for (AutoCloseable client : built.reversed()) {
            try {
                client.close();
            } catch (Exception e) {
                // closing at shutdown: nothing more to do with a client that fails to close
            }
        }
        built.clear();
        http.close();
    }
}
