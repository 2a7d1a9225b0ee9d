package dev.shoplens.local.cli;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the import authorises its calls to a deployed stack's API: signed with the caller's AWS credentials
 * (SigV4, the API's IAM endpoint; a merchant assumes the merchant role), a Cognito token (the optional
 * Cognito endpoint), or nothing (the local AWS mode, which checks no signature).
 */
@FunctionalInterface
public interface ApiAuth {
    Pattern EXECUTE_API_HOST = Pattern.compile("[^.]+\\.execute-api\\.([a-z0-9-]+)\\.amazonaws\\.com(\\.cn)?");

    /** Adds what authorises this request; {@code body} is null when there is none. */
    void authorise(HttpRequest.Builder request, String method, URI uri, String contentType, byte[] body);

    static ApiAuth none() {
        return (request, method, uri, contentType, body) -> { };
    }

    static ApiAuth bearer(String token) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("the token is empty: give the Cognito ID or access token");
        }
        return (request, method, uri, contentType, body) -> request.header("Authorization", "Bearer " + token.strip());
    }

    /**
     * SigV4 for API Gateway ({@code execute-api}) with the default credentials chain (environment, profile,
     * SSO, instance role), signed by the SDK's signer.
     */
    static ApiAuth sigV4(String region) {
        return sigV4(region, DefaultCredentialsProvider.builder().build());
    }

    static ApiAuth sigV4(String region, AwsCredentialsProvider credentials) {
        AwsV4HttpSigner signer = AwsV4HttpSigner.create();
        return (request, method, uri, contentType, body) -> {
            AwsCredentialsIdentity identity = credentials.resolveIdentity().join();
            SdkHttpRequest.Builder unsigned = SdkHttpRequest.builder().uri(uri)
                    .method(SdkHttpMethod.fromValue(method.toUpperCase(Locale.ROOT)));
            if (contentType != null) {
                unsigned.putHeader("Content-Type", contentType);
            }
            SignedRequest signed = signer.sign(r -> r.identity(identity).request(unsigned.build())
                    .payload(body == null ? null : ContentStreamProvider.fromByteArrayUnsafe(body))
                    .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "execute-api")
                    .putProperty(AwsV4HttpSigner.REGION_NAME, region));
            for (Map.Entry<String, java.util.List<String>> header : signed.request().headers().entrySet()) {
                String name = header.getKey();
                // the HTTP client sets these itself, from the URI and the body
                if (!name.equalsIgnoreCase("Host") && !name.equalsIgnoreCase("Content-Type")
                        && !name.equalsIgnoreCase("Content-Length")) {
                    header.getValue().forEach(value -> request.header(name, value));
                }
            }
        };
    }

    /**
     * The choice for an API URL: a token when one is given; SigV4 for an {@code execute-api} host (its region
     * from the host, or {@code region}); nothing for any other host, such as the local AWS mode.
     */
    static ApiAuth forApi(URI api, String token, String region) {
        if (token != null) {
            return bearer(token);
        }
        Matcher host = EXECUTE_API_HOST.matcher(api.getHost() == null ? "" : api.getHost());
        if (host.matches()) {
            return sigV4(region != null ? region : host.group(1));
        }
        return none();
    }
}
