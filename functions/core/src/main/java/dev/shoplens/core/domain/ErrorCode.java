package dev.shoplens.core.domain;

import java.util.Locale;

/** Why a request was refused; every entry point maps these to its own status codes. */
public enum ErrorCode {
    EMPTY_IMAGE(Kind.BAD_INPUT),
    UNSUPPORTED_FORMAT(Kind.BAD_INPUT),
    CORRUPT_IMAGE(Kind.BAD_INPUT),
    IMAGE_TOO_LARGE(Kind.TOO_LARGE),
    INVALID_ARGUMENT(Kind.BAD_INPUT),
    UNSUPPORTED_MEDIA_TYPE(Kind.UNSUPPORTED_MEDIA),
    PRODUCT_NOT_FOUND(Kind.NOT_FOUND),
    IMAGE_NOT_FOUND(Kind.NOT_FOUND),
    NOT_FOUND(Kind.NOT_FOUND),
    FORBIDDEN(Kind.FORBIDDEN),
    /** Others changed the same thing meanwhile, more often than a retry inside the request could absorb. */
    CONFLICT(Kind.CONFLICT),
    /** More requests than the server answers well at once: the client waits (Retry-After) and tries again. */
    OVERLOADED(Kind.UNAVAILABLE);

    /** Coarse classes of refusal, so adapters map codes without knowing each one. */
    public enum Kind { BAD_INPUT, TOO_LARGE, UNSUPPORTED_MEDIA, NOT_FOUND, FORBIDDEN, CONFLICT, UNAVAILABLE }

    private final Kind kind;

    ErrorCode(Kind kind) {
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    /** The code as clients see it in JSON: {@code image_too_large}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
