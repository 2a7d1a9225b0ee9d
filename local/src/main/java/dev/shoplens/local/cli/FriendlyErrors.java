package dev.shoplens.local.cli;

import dev.shoplens.core.domain.ShopLensException;
import dev.shoplens.core.model.ModelManifestException;
import picocli.CommandLine;

/** Known failures print one clear line; anything else prints its stack trace for a bug report. */
final class FriendlyErrors implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        if (e instanceof ShopLensException || e instanceof ModelManifestException
                || e instanceof IllegalArgumentException || e instanceof IllegalStateException) {
            cmd.getErr().println("error: " + e.getMessage());
            return 2;
        }
        e.printStackTrace(cmd.getErr());
        return 1;
    }
}
