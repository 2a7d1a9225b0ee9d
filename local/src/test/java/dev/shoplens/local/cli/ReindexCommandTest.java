package dev.shoplens.local.cli;

import dev.shoplens.core.model.ModelManifestReader;
import dev.shoplens.local.app.LocalApplication;
import dev.shoplens.local.app.LocalConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Moving a local data directory to another model with the command line, and what the server says meanwhile. */
class ReindexCommandTest {
    private static final Path TINY = Path.of("../functions/core/src/test/resources/models/tiny");
    /** The built-in model as the server names it, whichever version ships. */
    private static final String BUILTIN = ModelManifestReader.readManifestOnly(Path.of("../layers/model/builtin")).versionTag();

    @TempDir
    Path data;

    private static String run(String... args) {
        return CommandLineRun.run(args);
    }

    @Test
    void theServerRefusesAnotherModelUntilTheCatalogIsReindexedWithIt() {
        run("index", "--data", data.toString(), "sample-catalog");
        LocalConfig tiny = new LocalConfig(data, TINY, 1, LocalConfig.defaults(data).limits());
        assertThatThrownBy(() -> LocalApplication.start(tiny)).hasMessageContaining("searched with model " + BUILTIN)
                .hasMessageContaining("shoplens reindex --data " + data + " --model " + TINY);

        String out = run("reindex", "--data", data.toString(), "--model", TINY.toString());
        assertThat(out).contains("Re-indexing 112 catalog images: " + BUILTIN + " -> tiny-test@1")
                .contains("tiny-test@1 is live: 112 images embedded now, 0 already there");
        try (LocalApplication app = LocalApplication.start(tiny)) {
            assertThat(app.index().size()).isEqualTo(112);
            assertThat(app.generations().live()).contains("tiny-test@1");
        }
        assertThatThrownBy(() -> LocalApplication.start(LocalConfig.defaults(data)))
                .hasMessageContaining("searched with model tiny-test@1");

        // Back to the built-in model: its old index missed what changed meanwhile, so it is built afresh.
        String back = run("reindex", "--data", data.toString());
        assertThat(back).contains(BUILTIN + " is live: 112 images embedded now, 0 already there");
    }
}
