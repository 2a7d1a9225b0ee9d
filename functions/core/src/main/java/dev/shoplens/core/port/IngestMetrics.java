package dev.shoplens.core.port;

import dev.shoplens.core.domain.IngestOutcome;

import java.util.List;

/** Counts of what ingest did, for operators' dashboards and alarms: above all, images that failed. */
public interface IngestMetrics {
    /** The outcomes of one delivery. */
    void applied(List<IngestOutcome> outcomes);

    /** A delivery that was no image event at all (it goes to the dead-letter queue). */
    void refused(String reason);
}
