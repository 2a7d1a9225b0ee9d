package dev.shoplens.core.port;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Signs a URL that lets a client store exactly one object: this key, this content type, this size (and,
 * when given, these bytes).
 */
public interface UploadSigner {

    /**
     * @param sha256Base64 the content's SHA-256 (base64), signed in so the store refuses any other bytes;
     *                     null when the client did not give it
     */
    SignedUpload signPut(String key, String contentType, long contentLength, String sha256Base64, Duration validFor);

    /** The URL to PUT to, and the headers the client must send with it (they are part of the signature). */
    record SignedUpload(URI url, Map<String, String> headers, Instant expiresAt) {
    }
}
