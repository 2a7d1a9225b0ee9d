package dev.shoplens.core.port;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** Signs a URL that lets a client store exactly one object: this key, this content type, this size. */
public interface UploadSigner {

    SignedUpload signPut(String key, String contentType, long contentLength, Duration validFor);

    /** The URL to PUT to, and the headers the client must send with it (they are part of the signature). */
    record SignedUpload(URI url, Map<String, String> headers, Instant expiresAt) {
    }
}
