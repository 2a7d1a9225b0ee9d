package dev.shoplens.local.cli;

import dev.shoplens.core.imaging.DecodeLimits;
import dev.shoplens.local.app.LocalApplication;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code shoplens import SOURCE}: adds a catalog folder or manifest to the local index, resuming where it stopped. */
@Command(name = "import", aliases = "index", mixinStandardHelpOptions = true,
        description = {"Import a catalog into the local index: a folder of <product-id>/<image files> (plus an "
                + "optional products.csv: id,name,<attributes>...), a CSV manifest (id,name,image,<attributes>...; "
                + "several images separated by |) or a JSON Lines manifest ({\"id\", \"name\", \"attributes\", "
                + "\"images\"} per line). Images are paths relative to the manifest, or http(s) URLs.",
                "With --api URL it imports into a deployed stack through its API instead.",
                "Run it again after an interruption: images already indexed are skipped. Exit code 3 when some "
                        + "images failed (each is listed with its reason)."})
final class ImportCommand implements Callable<Integer> {
    @Mixin
    DataOptions data;


    @Parameters(index = "0", paramLabel = "SOURCE", description = "The catalog folder, or a .csv or .jsonl manifest")
    Path source;

    @Option(names = "--dry-run", description = "Read and check everything, say what would be imported, change nothing")
    boolean dryRun;

    @Option(names = "--api", paramLabel = "URL", description = {"Import into a deployed stack through its API (the "
            + "stack's ApiUrl or CognitoApiUrl output) instead of the local index: presigned uploads, then each "
            + "product's name and attributes. Requests to an execute-api URL are signed with your AWS credentials "
            + "(assume the merchant role); --token sends a Cognito token instead."})
    URI api;

    @Option(names = "--token", paramLabel = "TOKEN", description = "A Cognito ID or access token of a merchant, for "
            + "the stack's Cognito endpoint (with --api)")
    String token;

    @Option(names = "--region", description = "The region to sign for, when the API URL does not name it (with --api)")
    String region;

    @Option(names = "--indexed-within", paramLabel = "SECONDS", defaultValue = "180", description = "How long an "
            + "uploaded image may take to be indexed before it is reported (with --api; default ${DEFAULT-VALUE})")
    long indexedWithinSeconds;

    @Override
    public Integer call() {
        if (api != null) {
            CatalogImporter importer = new CatalogImporter(new DeployedStack(api, ApiAuth.forApi(api, token, region),
                    java.time.Duration.ofSeconds(indexedWithinSeconds)), DecodeLimits.DEFAULT.maxBytes());
            CatalogImporter.Summary summary = importCatalog(importer, source, System.out, dryRun);
            return summary.failed() == 0 ? 0 : 3;
        }
        try (LocalApplication app = LocalApplication.start(data.config())) {
            CatalogImporter.Summary summary = importCatalog(app, source, System.out, dryRun);
            return summary.failed() == 0 ? 0 : 3;
        }
    }

    static CatalogImporter.Summary importFolder(LocalApplication app, Path folder, PrintStream out) {
        return importCatalog(app, folder, out, false);
    }

    static CatalogImporter.Summary importCatalog(LocalApplication app, Path source, PrintStream out, boolean dryRun) {
        CatalogImporter.Summary summary = importCatalog(CatalogImporter.of(app), source, out, dryRun);
        if (summary.interrupted() > 0 && !dryRun) {
            // a run killed mid-batch can leave the vectors of that batch behind: the reconcile run removes them
            out.printf(Locale.ROOT, "%d images had been left half-done by an interrupted run: reconciling%n",
                    summary.interrupted());
            ReconcileCommand.print(app.reconcile().run(true), false, out);
        }
        return summary;
    }

    /** Runs an import with a progress bar (rate and time left) and prints its summary. */
    public static CatalogImporter.Summary importCatalog(CatalogImporter importer, Path source, PrintStream out,
                                                        boolean dryRun) {
        CatalogImporter.Plan plan = importer.plan(source);
        CatalogImporter.Summary summary;
        try (ProgressBar bar = new ProgressBarBuilder().setTaskName(dryRun ? "Checking" : "Importing")
                .setInitialMax(plan.size()).setStyle(ProgressBarStyle.ASCII).setUnit(" images", 1)
                .showSpeed().setSpeedUnit(ChronoUnit.SECONDS)
                .setConsumer(new ConsoleProgressBarConsumer(out)).build()) {
            summary = dryRun ? importer.dryRun(plan, bar::stepBy) : importer.run(plan, bar::stepBy);
        }
        double seconds = Math.max(0.001, summary.millis() / 1000.0);
        out.printf(Locale.ROOT, "%s %d images of %d products in %.1f s (%.1f images/s); %d already indexed (skipped), "
                        + "%d failed, %d entries skipped%n", dryRun ? "Would import" : "Imported", summary.indexed(),
                summary.products(), seconds, summary.indexed() / seconds, summary.alreadyIndexed(), summary.failed(),
                summary.skipped());
        summary.problems().forEach(p -> out.println("  " + p));
        return summary;
    }
}
