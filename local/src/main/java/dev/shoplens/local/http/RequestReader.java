package dev.shoplens.local.http;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shoplens.core.api.ApiJson;
import dev.shoplens.core.api.Parameters;
import dev.shoplens.core.domain.ErrorCode;
import dev.shoplens.core.domain.ShopLensException;
import dev.shoplens.core.imaging.ImageFormat;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Reads an image from a request, either as the raw body (Content-Type image/*) or as the {@code image} part
 * of a multipart form, reading at most the byte limit so an oversize body is refused, not buffered.
 */
final class RequestReader {
    static final String IMAGE_PART = "image";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final long maxBytes;

    RequestReader(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    byte[] image(Context ctx) {
        String type = ctx.contentType() == null ? "" : ctx.contentType().toLowerCase(Locale.ROOT);
        if (type.startsWith("multipart/form-data")) {
            UploadedFile file = multipart(() -> ctx.uploadedFile(IMAGE_PART));
            if (file == null) {
                throw ShopLensException.invalid("the form has no file field named '" + IMAGE_PART + "'");
            }
            try (InputStream in = file.content()) {
                return readBounded(in);
            } catch (IOException e) {
                throw ShopLensException.invalid("cannot read the uploaded file: " + e.getMessage());
            }
        }
        if (type.startsWith("image/") || type.startsWith("application/octet-stream")) {
            if (type.startsWith("image/") && ImageFormat.fromMediaType(type).isEmpty()) {
                throw new ShopLensException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "content type '" + ctx.contentType()
                        + "' is not accepted: send image/jpeg, image/png, image/webp or image/gif");
            }
            long declared = ctx.contentLength();
            if (declared > maxBytes) {
                throw tooLarge(declared);
            }
            try (InputStream in = ctx.req().getInputStream()) {
                return readBounded(in);
            } catch (IOException e) {
                throw ShopLensException.invalid("cannot read the request body: " + e.getMessage());
            }
        }
        throw new ShopLensException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "content type '" + ctx.contentType()
                + "' is not accepted: send the photo as the body with an image/* content type, or as the '"
                + IMAGE_PART + "' field of a multipart/form-data form");
    }

    boolean isJson(Context ctx) {
        String type = ctx.contentType() == null ? "" : ctx.contentType().toLowerCase(Locale.ROOT);
        return type.startsWith("application/json") || type.startsWith("application/merge-patch+json");
    }

    /** A JSON body, read up to the limit (base64 makes the photo a third larger). */
    JsonNode json(Context ctx) {
        long limit = maxBytes * 4 / 3 + 64 * 1024;
        try (InputStream in = ctx.req().getInputStream()) {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
            if (bytes.length > limit) {
                throw tooLarge(-1);
            }
            return ApiJson.object(bytes, "a JSON object, e.g. {\"image\": \"<base64>\"}");
        } catch (IOException e) {
            throw ShopLensException.invalid("cannot read the request body: " + e.getMessage());
        }
    }

    /** Query parameters, and the fields of a multipart form (which win), with every value of each. */
    Parameters parameters(Context ctx) {
        Parameters query = Parameters.of(ctx.queryParamMap());
        if (!ctx.isMultipartFormData()) {
            return query;
        }
        Map<String, List<String>> form = new HashMap<>();
        multipart(ctx::formParamMap).forEach((name, values) -> {
            if (!values.isEmpty()) { // the file part is listed without a value
                form.put(name, values);
            }
        });
        return query.with(Parameters.of(form));
    }

    /** A form field or query parameter; forms win. */
    String field(Context ctx, String name) {
        String value = ctx.isMultipartFormData() ? multipart(() -> ctx.formParam(name)) : null;
        return value != null ? value : ctx.queryParam(name);
    }

    Map<String, String> attributes(Context ctx) {
        String raw = field(ctx, "attributes");
        if (raw == null || raw.isBlank()) {
            return Map.of();
        }
        try {
            return JSON.readValue(raw, new TypeReference<Map<String, String>>() { });
        } catch (IOException e) {
            throw ShopLensException.invalid("attributes must be a JSON object of strings, e.g. "
                    + "{\"color\":\"red\"}");
        }
    }

    /**
     * Reads the multipart form (which Jetty parses on first use); a part over the size limit is the client's
     * image that is too large, not a failure of the server.
     */
    private <T> T multipart(Supplier<T> read) {
        try {
            return read.get();
        } catch (RuntimeException e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                String message = String.valueOf(cause.getMessage());
                if (message.contains("exceeds max filesize") || message.contains("exceeds maxRequestSize")) {
                    throw tooLarge(-1);
                }
            }
            throw e;
        }
    }

    private byte[] readBounded(InputStream in) throws IOException {
        byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
        if (bytes.length > maxBytes) {
            throw tooLarge(-1);
        }
        return bytes;
    }

    private ShopLensException tooLarge(long declared) {
        String size = declared > 0 ? String.format(Locale.ROOT, " (%.1f MB)", declared / 1048576.0) : "";
        return new ShopLensException(ErrorCode.IMAGE_TOO_LARGE, String.format(Locale.ROOT,
                "the image is larger than the %.1f MB limit%s", maxBytes / 1048576.0, size));
    }
}
