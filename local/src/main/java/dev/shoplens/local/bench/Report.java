package dev.shoplens.local.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The benchmark's output: each figure beside the reference it was measured against in the same run, the
 * ratio and its goal, so a reader sees the signal (the ratio) rather than absolute times on a noisy machine.
 */
final class Report {
    private final PrintStream out;
    private final List<String> missed = new ArrayList<>();
    private int goals;

    Report(PrintStream out) {
        this.out = out;
    }

    void section(String title) {
        out.println();
        out.println("## " + title);
    }

    void line(String format, Object... args) {
        out.println(String.format(Locale.ROOT, format, args));
    }

    /** A figure with no reference (sizes, counts, memory). */
    void figure(String what, double value, String unit) {
        line("%-62s %10.2f %s", what, value, unit);
    }

    /**
     * Ours against a reference, as ours / reference (lower is better: time, memory).
     *
     * @param bound what stops the goal when it is missed, or null
     */
    void ratio(String ours, double oursValue, String reference, double referenceValue, String unit, Goal goal,
               String bound) {
        double ratio = oursValue / referenceValue;
        ratioLine(ours, oursValue, reference, referenceValue, unit, "ratio", ratio, goal, bound);
    }

    /** How many times faster ours is than a slower alternative: alternative / ours. */
    void speedUp(String ours, double oursValue, String alternative, double alternativeValue, String unit, Goal goal) {
        double speedUp = alternativeValue / oursValue;
        ratioLine(ours, oursValue, alternative, alternativeValue, unit, "speed-up", speedUp, goal, null);
    }

    /** A share or efficiency with no second time: the value itself is the ratio. */
    void share(String what, double value, String of, Goal goal, String bound) {
        goals++;
        boolean met = goal.met(value);
        line("%-62s %10.2f   %s   %s  %s", what, value, of, goal, met ? "MET" : "MISSED");
        if (!met) {
            missed.add(what + (bound == null ? "" : " (bound: " + bound + ")"));
            if (bound != null) {
                line("  bound: %s", bound);
            }
        }
    }

    private void ratioLine(String ours, double oursValue, String reference, double referenceValue, String unit,
                           String kind, double value, Goal goal, String bound) {
        goals++;
        boolean met = goal.met(value);
        line("%-62s %10.2f %s", ours, oursValue, unit);
        line("  vs %-58s %10.2f %s   %s %.2f   %s  %s", reference, referenceValue, unit, kind, value, goal,
                met ? "MET" : "MISSED");
        if (!met) {
            missed.add(ours + " vs " + reference + (bound == null ? "" : " (bound: " + bound + ")"));
            if (bound != null) {
                line("  bound: %s", bound);
            }
        }
    }

    void summary() {
        section("Goals");
        line("%d of %d goals met", goals - missed.size(), goals);
        missed.forEach(m -> line("  missed: %s", m));
    }
}
