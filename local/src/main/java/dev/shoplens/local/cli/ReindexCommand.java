package dev.shoplens.local.cli;

import dev.shoplens.core.service.ReindexService;
import dev.shoplens.local.app.LocalApplication;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code shoplens reindex --model DIR}: moves the catalog to another model. Every catalog image is embedded
 * with the new model into that model's own index; when all are there, the new index goes live. Stop it
 * any time and run it again: it goes on where it stopped. Run it while the server is stopped.
 */
@Command(name = "reindex", mixinStandardHelpOptions = true,
        description = "Re-embed the catalog with another model (--model) into its own index, then make that index live. Resumable.")
final class ReindexCommand implements Callable<Integer> {
    @Mixin
    DataOptions data;

    @Override
    public Integer call() {
        try (LocalApplication app = LocalApplication.openForReindex(data.config())) {
            ReindexService.Report report = run(app, System.out);
            return report.problems().isEmpty() ? 0 : 3;
        }
    }

    static ReindexService.Report run(LocalApplication app, PrintStream out) {
        long started = System.nanoTime();
        ProgressBar[] bar = new ProgressBar[1];
        ReindexService.Report report;
        try {
            report = app.reindex().run(new ReindexService.Listener() {
                @Override
                public void started(long images, String fromModel, String toModel) {
                    out.printf(Locale.ROOT, "Re-indexing %d catalog images: %s -> %s%n", images, fromModel, toModel);
                    bar[0] = new ProgressBarBuilder().setTaskName("Embedding").setInitialMax(images)
                            .setStyle(ProgressBarStyle.ASCII).setUnit(" images", 1)
                            .setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(out)).build();
                }

                @Override
                public void advanced(long done) {
                    bar[0].stepTo(done);
                }
            });
        } finally {
            if (bar[0] != null) {
                bar[0].close();
            }
        }
        out.printf(Locale.ROOT, "%s is live: %d images embedded now, %d already there from an earlier run, %d left to "
                        + "their pending events; %.1f s%n", report.toModel(), report.embedded(), report.alreadyThere(),
                report.skipped(), (System.nanoTime() - started) / 1e9);
        report.problems().forEach(p -> out.println("  " + p));
        return report;
    }
}
