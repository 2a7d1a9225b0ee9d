package dev.shoplens.local.cost;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Public on-demand prices in US dollars, with the day they were looked up and where. */
public record Prices(String region, String lookedUp, String sources, double opensearchOcuHour,
                     double opensearchStorageGbMonth, double lambdaArmGbSecond, double lambdaX86GbSecond,
                     double lambdaRequestsPerMillion,
                     double httpApiRequestsPerMillion, double s3PutPerThousand, double s3GetPerThousand,
                     double s3StorageGbMonth, double dynamoDbWritesPerMillion, double dynamoDbReadsPerMillion,
                     double dynamoDbStorageGbMonth, double sqsRequestsPerMillion) {

    /** The prices this project ships (us-east-1). */
    public static Prices usEast1() {
        try (InputStream in = Prices.class.getResourceAsStream("/cost/prices-us-east-1.json")) {
            if (in == null) {
                throw new IllegalStateException("cost/prices-us-east-1.json is missing from the build");
            }
            return new ObjectMapper().enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                    .readValue(in, Prices.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the price table", e);
        }
    }
}
