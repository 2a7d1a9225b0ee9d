package dev.shoplens.aws;

import dev.shoplens.core.service.IndexStartupPolicy;
import dev.shoplens.core.service.ReindexService;

import java.util.Locale;

/**
 * Moves a deployed catalog to another model: run with the functions' environment (see AwsSettings) and
 * MODEL_DIR set to the new model (EMBEDDER_URL to embed on a GPU endpoint). Pause ingestion first (disable
 * the ingest function's SQS event source mapping; events wait in the queue), run this until it says the
 * new index is live (it resumes if stopped), deploy both functions with the new model layer, then enable
 * the mapping again.
 */
public final class ReindexJob {
    private ReindexJob() {
    }

    public static void main(String[] args) {
        try (AwsApplication app = AwsApplication.start(AwsSettings.fromEnvironment(), IndexStartupPolicy.Role.REINDEX, false)) {
            long started = System.nanoTime();
            ReindexService.Report report = app.reindex().run(new ReindexService.Listener() {
                private long total;

                @Override
                public void started(long images, String fromModel, String toModel) {
                    total = images;
                    System.out.printf(Locale.ROOT, "re-indexing %d catalog images: %s -> %s%n", images, fromModel, toModel);
                }

                @Override
                public void advanced(long done) {
                    System.out.printf(Locale.ROOT, "  %d / %d images%n", done, total);
                }
            });
            System.out.printf(Locale.ROOT, "%s is live: %d embedded, %d already there, %d left to their events; %.1f s%n",
                    report.toModel(), report.embedded(), report.alreadyThere(), report.skipped(),
                    (System.nanoTime() - started) / 1e9);
            report.problems().forEach(p -> System.out.println("  " + p));
        }
    }
}
