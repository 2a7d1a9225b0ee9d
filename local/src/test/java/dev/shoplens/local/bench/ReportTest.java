package dev.shoplens.local.bench;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class ReportTest {
    @Test
    void printsEachRatioBesideItsReferenceAndListsMissedGoalsWithTheirBound() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Report report = new Report(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        report.ratio("ours", 12, "theirs", 10, "ms", Goal.atMost(1.2), null);
        report.ratio("slow", 30, "theirs", 10, "ms", Goal.atMost(1.2), "the disk");
        report.speedUp("fast", 10, "old", 50, "ms", Goal.atLeast(3));
        report.share("model share", 0.5, "of the time", Goal.atLeast(0.8), "bookkeeping");
        report.summary();
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertThat(out).contains("ratio 1.20   goal <= 1.20  MET").contains("ratio 3.00   goal <= 1.20  MISSED")
                .contains("speed-up 5.00   goal >= 3.00  MET").contains("2 of 4 goals met")
                .contains("missed: slow vs theirs (bound: the disk)")
                .contains("missed: model share (bound: bookkeeping)");
    }
}
