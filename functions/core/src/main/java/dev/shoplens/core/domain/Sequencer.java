package dev.shoplens.core.domain;

import java.util.Locale;

/**
 * Orders the storage events of one key, as S3's event {@code sequencer} does: hexadecimal strings compared
 * after right-padding the shorter with zeros. A greater sequencer is a later event.
 */
public record Sequencer(String value) implements Comparable<Sequencer> {
    public Sequencer {
        if (value == null || value.isEmpty() || value.length() > 64 || !value.matches("[0-9A-Fa-f]+")) {
            throw ShopLensException.invalid("event sequencer '" + value + "' is not a hexadecimal string");
        }
        value = value.toUpperCase(Locale.ROOT);
    }

    /** A sequencer for events made in this process (local uploads): later calls give greater values. */
    public static synchronized Sequencer next(long epochMillis) {
        long candidate = Math.max(epochMillis * 1000, Holder.last + 1);
        Holder.last = candidate;
        return new Sequencer(String.format("%016X", candidate));
    }

    private static final class Holder {
        private static long last;
    }

    /** The value padded to {@code length} for storage where strings are compared as they are. */
    public String padded(int length) {
        return value.length() >= length ? value : value + "0".repeat(length - value.length());
    }

    @Override
    public int compareTo(Sequencer other) {
        int length = Math.max(value.length(), other.value.length());
        return padded(length).compareTo(other.padded(length));
    }
}
