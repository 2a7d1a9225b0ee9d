package dev.shoplens.local.cli;

import dev.shoplens.core.service.ReconcileService;
import dev.shoplens.local.app.LocalApplication;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code shoplens reconcile [--dry-run]}: compares the image files, the image records, the vector index and
 * the products' image lists, prints every difference, and repairs them (unless --dry-run). Exit code 0 when
 * everything agreed or was repaired, 3 when a repair failed (run it again).
 */
@Command(name = "reconcile", mixinStandardHelpOptions = true,
        description = "Find and repair differences between image files, image records, the vector index and the catalog.")
final class ReconcileCommand implements Callable<Integer> {
    @Mixin
    DataOptions data;

    @Option(names = "--dry-run", description = "Only report the differences; change nothing.")
    boolean dryRun;

    @Override
    public Integer call() {
        try (LocalApplication app = LocalApplication.start(data.config())) {
            return print(app.reconcile().run(!dryRun), dryRun, System.out).failedRepairs() == 0 ? 0 : 3;
        }
    }

    static ReconcileService.Report print(ReconcileService.Report report, boolean dryRun, PrintStream out) {
        out.printf(Locale.ROOT, "Read %d stored images, %d image records, %d vectors: %d differences%s%n",
                report.objects(), report.records(), report.vectors(), report.differences().size(),
                dryRun ? " (dry run: nothing changed)" : ", " + report.repaired() + " repaired, "
                        + report.failedRepairs() + " repairs failed");
        report.differences().forEach(d -> out.printf("  %-18s %s (%s: %s)%n", d.kind(), d.key(), d.kind().meaning(),
                d.detail()));
        return report;
    }
}
