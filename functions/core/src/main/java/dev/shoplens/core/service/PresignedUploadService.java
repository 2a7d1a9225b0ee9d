package dev.shoplens.core.service;

import dev.shoplens.core.domain.ErrorCode;
import dev.shoplens.core.domain.ImageKey;
import dev.shoplens.core.domain.ProductId;
import dev.shoplens.core.domain.ShopLensException;
import dev.shoplens.core.imaging.ImageDecoder;
import dev.shoplens.core.imaging.ImageFormat;
import dev.shoplens.core.port.UploadSigner;

import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.UUID;

/**
 * Hands out upload URLs: the server chooses the key, the client declares the content type and size, and
 * both are signed into a short-lived URL, so nothing else can be stored with it. Query photos go under
 * {@code queries/} (expired after a day); catalog images under {@code catalog/<product>/}, for merchants only.
 */
public final class PresignedUploadService {
    public static final Duration VALID_FOR = Duration.ofMinutes(5);
    /**
     * Query photos are shrunk by the client before upload (longest side about 1,280 px, JPEG quality 85; the
     * page's browser test sends 103 KB of a 2.6 MB 12 MP photo), because the model sees 128 px and the whole
     * photo takes about 30 s on a 0.75 Mbit/s link. The limit leaves room for a PNG screenshot and refuses
     * the unshrunk camera file with the way to fix it.
     */
    public static final long QUERY_MAX_BYTES = 4L * 1024 * 1024;

    private final UploadSigner signer;
    private final long maxBytes;

    public PresignedUploadService(UploadSigner signer, long maxBytes) {
        this.signer = signer;
        this.maxBytes = maxBytes;
    }

    public enum Purpose { QUERY, CATALOG }

    /**
     * What an upload is for; {@code productId} is needed for catalog images only. {@code sha256} (hex, optional)
     * names a catalog image by its content, as the local import does, so an import into a deployed stack can
     * ask whether an image is already indexed before sending it again.
     */
    public record UploadRequest(Purpose purpose, String contentType, long contentLength, ProductId productId,
                                boolean callerIsMerchant, String sha256) {
        public UploadRequest {
            if (sha256 != null && !sha256.matches("[0-9a-fA-F]{64}")) {
                throw ShopLensException.invalid("'sha256' must be the image's SHA-256 as 64 hex digits");
            }
            sha256 = sha256 == null ? null : sha256.toLowerCase(Locale.ROOT);
        }
    }

    public record Upload(String key, UploadSigner.SignedUpload signed) {
    }

    public Upload prepare(UploadRequest request) {
        if (request.purpose() == null) {
            throw ShopLensException.invalid("'purpose' must be 'query' or 'catalog'");
        }
        ImageFormat format = ImageFormat.fromMediaType(request.contentType()).orElseThrow(() -> new ShopLensException(
                ErrorCode.UNSUPPORTED_MEDIA_TYPE, "contentType '" + request.contentType()
                + "' is not accepted: image/jpeg, image/png, image/webp or image/gif"));
        if (request.contentLength() <= 0) {
            throw ShopLensException.invalid("contentLength must be the image's size in bytes, got "
                    + request.contentLength());
        }
        if (request.purpose() == Purpose.QUERY && request.contentLength() > Math.min(maxBytes, QUERY_MAX_BYTES)) {
            throw new ShopLensException(ErrorCode.IMAGE_TOO_LARGE, String.format(Locale.ROOT,
                    "the query photo is %.1f MB; query photos are limited to %.1f MB: shrink it to about 1,280 px "
                            + "on its longest side (JPEG quality 85) before uploading",
                    request.contentLength() / 1048576.0,
                    Math.min(maxBytes, QUERY_MAX_BYTES) / 1048576.0));
        }
        if (request.contentLength() > maxBytes) {
            throw ImageDecoder.tooManyBytes(request.contentLength(), maxBytes);
        }
        String file = UUID.randomUUID() + "." + format.extension();
        String key = switch (request.purpose()) {
            case QUERY -> "queries/" + file;
            case CATALOG -> {
                if (!request.callerIsMerchant()) {
                    throw new ShopLensException(ErrorCode.FORBIDDEN, "only merchants may upload catalog images");
                }
                if (request.productId() == null) {
                    throw ShopLensException.invalid("a catalog upload needs 'productId'");
                }
                yield (request.sha256() == null ? ImageKey.of(request.productId(), file)
                        : ImageKey.ofContent(request.productId(), request.sha256(), format.extension())).value();
            }
        };
        String checksum = request.sha256() == null ? null
                : Base64.getEncoder().encodeToString(HexFormat.of().parseHex(request.sha256()));
        return new Upload(key, signer.signPut(key, format.mediaType(), request.contentLength(), checksum, VALID_FOR));
    }

    public static Purpose purpose(String value) {
        if (value == null) {
            return null;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "query" -> Purpose.QUERY;
            case "catalog" -> Purpose.CATALOG;
            default -> throw ShopLensException.invalid("'purpose' must be 'query' or 'catalog', got '" + value + "'");
        };
    }
}
