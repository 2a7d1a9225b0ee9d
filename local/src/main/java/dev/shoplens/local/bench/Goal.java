package dev.shoplens.local.bench;

import java.util.Locale;

/** A ratio's target: at most or at least a limit. */
record Goal(double limit, boolean atMost) {
    static Goal atMost(double limit) {
        return new Goal(limit, true);
    }

    static Goal atLeast(double limit) {
        return new Goal(limit, false);
    }

    boolean met(double ratio) {
        return atMost ? ratio <= limit : ratio >= limit;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "goal %s %.2f", atMost ? "<=" : ">=", limit);
    }
}
