package dev.shoplens.aws;

import org.apache.hc.core5.http.HttpHost;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.transport.aws.AwsSdk2Transport;
import org.opensearch.client.transport.aws.AwsSdk2TransportOptions;
import org.opensearch.client.transport.httpclient5.ApacheHttpClient5TransportBuilder;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

import java.net.URI;

/**
 * Builds each AWS client once per container, with the region from the settings and, for local runs
 * (moto_server, a local OpenSearch node), an endpoint override.
 */
public final class AwsClients {
    private final Region region;
    private final URI awsEndpoint;
    private final SdkHttpClient http = UrlConnectionHttpClient.builder().build();

    /**
     * @param region      the AWS region
     * @param awsEndpoint null in AWS; the moto_server URL locally
     */
    public AwsClients(Region region, URI awsEndpoint) {
        if (region == null) {
            throw new IllegalArgumentException("the AWS region is not set (AWS_REGION)");
        }
        this.region = region;
        this.awsEndpoint = awsEndpoint;
    }

    public S3Client s3() {
        var builder = S3Client.builder().region(region).httpClient(http);
        if (awsEndpoint != null) {
            builder.endpointOverride(awsEndpoint).forcePathStyle(true);
        }
        return builder.build();
    }

    public S3Presigner presigner() {
        var builder = S3Presigner.builder().region(region);
        if (awsEndpoint != null) {
            builder.endpointOverride(awsEndpoint)
                    .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build());
        }
        return builder.build();
    }

    public SqsClient sqs() {
        var builder = SqsClient.builder().region(region).httpClient(http);
        if (awsEndpoint != null) {
            builder.endpointOverride(awsEndpoint);
        }
        return builder.build();
    }

    public DynamoDbClient dynamoDb() {
        var builder = DynamoDbClient.builder().region(region).httpClient(http);
        if (awsEndpoint != null) {
            builder.endpointOverride(awsEndpoint);
        }
        return builder.build();
    }

    public DynamoDbEnhancedClient dynamoDbEnhanced(DynamoDbClient dynamo) {
        return DynamoDbEnhancedClient.builder().dynamoDbClient(dynamo).build();
    }

    /** OpenSearch Serverless: requests signed with SigV4 for service {@code aoss}. */
    public OpenSearchClient openSearchServerless(String collectionHost) {
        return new OpenSearchClient(new AwsSdk2Transport(ApacheHttpClient.builder().build(), collectionHost, "aoss",
                region, AwsSdk2TransportOptions.builder().build()));
    }

    /** A local OpenSearch node over plain HTTP (security off), for tests and the no-Docker local mode. */
    public static OpenSearchClient openSearchLocal(URI endpoint) {
        return new OpenSearchClient(ApacheHttpClient5TransportBuilder
                .builder(new HttpHost(endpoint.getScheme(), endpoint.getHost(), endpoint.getPort())).build());
    }
}
