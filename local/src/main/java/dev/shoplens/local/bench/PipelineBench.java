package dev.shoplens.local.bench;

import dev.shoplens.core.domain.SearchRequest;
import dev.shoplens.local.app.LocalApplication;

import java.util.Locale;

/** Whether the services add little to the model: search against decode + embed alone, and ingest's model share. */
final class PipelineBench {
    private PipelineBench() {
    }

    static void search(Report report, LocalApplication app, byte[] photo, String photoName, int side) {
        report.section("Search end to end: " + photoName + ", k=10, catalog of " + app.catalogService().productCount()
                + " products");
        double[] ms = Timing.alternatingMedians(25,
                () -> app.search().search(new SearchRequest(photo, 10)),
                () -> app.embedder().embed(app.decoder().decode(photo, side).image()));
        report.ratio("search: decode + embed + HNSW + catalog (ms, median)", ms[0], "decode + embed alone", ms[1],
                "ms", Goal.atMost(1.15), null);
    }

    /**
     * @param decodeMs the time to decode the same images once more, alone, at the model's side
     */
    static void ingest(Report report, int images, double totalMs, double modelMs, double decodeMs) {
        report.section("Ingest: the sample catalog through the local import (read, decode, embed, index, record)");
        report.figure(String.format(Locale.ROOT, "%d images in %.1f s", images, totalMs / 1000),
                images / (totalMs / 1000), "images/s");
        double rest = totalMs - modelMs - decodeMs;
        report.line("  per image: model %.1f ms, decode %.1f ms, everything else (store, ledger, catalog, index "
                + "commits) %.1f ms", modelMs / images, decodeMs / images, rest / images);
        report.share("share of ingest time spent in the model", modelMs / totalMs, "of the import's wall time",
                Goal.atLeast(0.8), String.format(Locale.ROOT, "the built-in model needs %.1f ms an image; each "
                        + "image's durable bookkeeping (ledger claim, catalog entry, ledger INDEXED: committed writes, "
                        + "fsync'd locally, DynamoDB writes in AWS) takes %.1f ms, so only a model of about %.0f ms "
                        + "an image would reach the goal", modelMs / images,
                        (totalMs - modelMs) / images, 4 * (totalMs - modelMs) / images));
    }
}
