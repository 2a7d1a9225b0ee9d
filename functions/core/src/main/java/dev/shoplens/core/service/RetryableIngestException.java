package dev.shoplens.core.service;

import dev.shoplens.core.domain.IngestOutcome;

import java.util.List;
import java.util.stream.Collectors;

/** An image event could not be applied because a store did not answer; delivering it again will work. */
public class RetryableIngestException extends RuntimeException {
    public RetryableIngestException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The one place a {@code RETRY} outcome becomes this exception: when any of {@code outcomes} is one. */
    public static void throwIfAnyRetry(List<IngestOutcome> outcomes) {
        List<IngestOutcome> retry = outcomes.stream().filter(IngestOutcome::mustRetry).toList();
        if (!retry.isEmpty()) {
            throw new RetryableIngestException(retry.stream().map(o -> o.key() + ": " + o.detail())
                    .collect(Collectors.joining("; ")), null);
        }
    }
}
