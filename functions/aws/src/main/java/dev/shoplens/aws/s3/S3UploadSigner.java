package dev.shoplens.aws.s3;

import dev.shoplens.core.port.UploadSigner;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.s3.presigner.model.PresignedPutObjectRequest;

import java.net.URISyntaxException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Presigned S3 PUTs with Content-Type and Content-Length among the signed headers, and x-amz-checksum-sha256
 * when the client gave the content's hash: S3 then stores those bytes or nothing (SDK's presigner).
 */
public final class S3UploadSigner implements UploadSigner {
    private final S3Presigner presigner;
    private final String bucket;

    public S3UploadSigner(S3Presigner presigner, String bucket) {
        this.presigner = presigner;
        this.bucket = bucket;
    }

    @Override
    public SignedUpload signPut(String key, String contentType, long contentLength, String sha256Base64,
                                Duration validFor) {
        PresignedPutObjectRequest signed = presigner.presignPutObject(p -> p.signatureDuration(validFor)
                .putObjectRequest(r -> r.bucket(bucket).key(key).contentType(contentType).contentLength(contentLength)
                        .checksumSHA256(sha256Base64)));
        Map<String, String> headers = new LinkedHashMap<>();
        signed.signedHeaders().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("host")) {
                headers.put(canonical(name), String.join(",", values));
            }
        });
        try {
            return new SignedUpload(signed.url().toURI(), headers, signed.expiration());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("the SDK signed an invalid URL", e);
        }
    }

    /** content-type -> Content-Type: how clients and documentation spell headers. */
    private static String canonical(String header) {
        StringBuilder out = new StringBuilder(header.length());
        for (String part : header.split("-")) {
            if (!out.isEmpty()) {
                out.append('-');
            }
            out.append(part.isEmpty() ? part : Character.toUpperCase(part.charAt(0)) + part.substring(1).toLowerCase(Locale.ROOT));
        }
        return out.toString();
    }
}
