package dev.shoplens.local.cli;

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
                "Run it again after an interruption: images already indexed are skipped. Exit code 3 when some "
                        + "images failed (each is listed with its reason)."})
final class ImportCommand implements Callable<Integer> {
    @Mixin
    DataOptions data;

    @Parameters(index = "0", paramLabel = "SOURCE", description = "The catalog folder, or a .csv or .jsonl manifest")
    Path source;

    @Option(names = "--dry-run", description = "Read and check everything, say what would be imported, change nothing")
    boolean dryRun;

    @Override
    public Integer call() {
        try (LocalApplication app = LocalApplication.start(data.config())) {
            CatalogImporter.Summary summary = importCatalog(app, source, System.out, dryRun);
            return summary.failed() == 0 ? 0 : 3;
        }
    }

    static CatalogImporter.Summary importFolder(LocalApplication app, Path folder, PrintStream out) {
        return importCatalog(app, folder, out, false);
    }

    static CatalogImporter.Summary importCatalog(LocalApplication app, Path source, PrintStream out, boolean dryRun) {
        CatalogImporter importer = CatalogImporter.of(app);
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
        if (summary.interrupted() > 0 && !dryRun) {
            // a run killed mid-batch can leave the vectors of that batch behind: the reconcile run removes them
            out.printf(Locale.ROOT, "%d images had been left half-done by an interrupted run: reconciling%n",
                    summary.interrupted());
            ReconcileCommand.print(app.reconcile().run(true), false, out);
        }
        return summary;
    }
}
