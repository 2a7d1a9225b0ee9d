package dev.shoplens.core.service;

/** An image event could not be applied because a store did not answer; delivering it again will work. */
public class RetryableIngestException extends RuntimeException {
    public RetryableIngestException(String message, Throwable cause) {
        super(message, cause);
    }
}
