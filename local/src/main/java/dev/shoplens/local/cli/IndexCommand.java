package dev.shoplens.local.cli;

import dev.shoplens.local.app.LocalApplication;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code shoplens index FOLDER}: adds a catalog folder to the local index. */
@Command(name = "index", mixinStandardHelpOptions = true,
        description = "Index a catalog folder: <product-id>/<image files>, plus an optional products.csv (id,name,<attributes>...).")
final class IndexCommand implements Callable<Integer> {
    @Mixin
    DataOptions data;

    @Parameters(index = "0", description = "The catalog folder")
    Path folder;

    @Override
    public Integer call() {
        try (LocalApplication app = LocalApplication.start(data.config())) {
            CatalogFolderImporter.Summary summary = importFolder(app, folder, System.out);
            return summary.failed() == 0 ? 0 : 3;
        }
    }

    static CatalogFolderImporter.Summary importFolder(LocalApplication app, Path folder, PrintStream out) {
        CatalogFolderImporter importer = new CatalogFolderImporter(app.uploads());
        CatalogFolderImporter.Plan plan = importer.plan(folder);
        CatalogFolderImporter.Summary summary;
        try (ProgressBar bar = new ProgressBarBuilder().setTaskName("Indexing").setInitialMax(plan.images().size())
                .setStyle(ProgressBarStyle.ASCII).setUnit(" images", 1).setConsumer(
                        new me.tongfei.progressbar.ConsoleProgressBarConsumer(out)).build()) {
            summary = importer.run(plan, bar::stepBy);
        }
        out.printf(Locale.ROOT, "Indexed %d images of %d products in %.1f s (%.1f images/s); %d failed, %d files skipped%n",
                summary.indexed(), summary.products(), summary.millis() / 1000.0,
                summary.indexed() / Math.max(0.001, summary.millis() / 1000.0), summary.failed(), summary.skipped());
        summary.problems().forEach(p -> out.println("  " + p));
        return summary;
    }
}
