package dev.shoplens.local.cli;

import dev.shoplens.local.app.LocalApplication;

import java.io.PrintStream;
import java.nio.file.Path;

/** The import command's folder import, for tests outside this package. */
public final class HostileInputsImportTestSupport {
    private HostileInputsImportTestSupport() {
    }

    public static CatalogFolderImporter.Summary importFolder(LocalApplication app, Path folder, PrintStream out) {
        return IndexCommand.importFolder(app, folder, out);
    }
}
