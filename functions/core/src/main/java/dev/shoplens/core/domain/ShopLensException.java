package dev.shoplens.core.domain;

/**
 * A request the system refuses, with a message a user can act on. Nothing has been changed when it is
 * thrown, so the caller may correct the input and try again.
 */
public class ShopLensException extends RuntimeException {
    private final ErrorCode code;

    public ShopLensException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public ShopLensException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }

    public static ShopLensException invalid(String message) {
        return new ShopLensException(ErrorCode.INVALID_ARGUMENT, message);
    }
}
