package dev.shoplens.local.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine;

/** The local mode's command line: {@code serve}, {@code import}, {@code reindex}, {@code reconcile}, {@code eval}, {@code bench}, {@code load}, {@code cost} and {@code pages}. */
@Command(name = "shoplens", mixinStandardHelpOptions = true, version = "ShopLens 0.1.0",
        description = "Visual product search on one machine: index a catalog folder, serve the photo search.",
        subcommands = {ServeCommand.class, ImportCommand.class, ReindexCommand.class, ReconcileCommand.class, EvalCommand.class,
                BenchCommand.class, LoadCommand.class, CostCommand.class, PagesCommand.class})
public final class ShopLensCommand {

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        int code = new CommandLine(new ShopLensCommand())
                .setExecutionExceptionHandler(new FriendlyErrors())
                .execute(args);
        if (code != 0 || !ServeCommand.serving()) {
            System.exit(code);
        }
    }
}
