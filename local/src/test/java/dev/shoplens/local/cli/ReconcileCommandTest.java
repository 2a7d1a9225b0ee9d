package dev.shoplens.local.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code shoplens reconcile} on a data directory whose image files changed behind the server's back. */
class ReconcileCommandTest {
    @TempDir
    Path data;

    @Test
    void reportsWhatChangedBehindTheLedgersBackAndRepairsIt() throws Exception {
        CommandLineRun.run("index", "--data", data.toString(), "sample-catalog");
        assertThat(CommandLineRun.run("reconcile", "--data", data.toString(), "--dry-run")).contains(": 0 differences");
        Path gone;
        try (Stream<Path> files = Files.walk(data.resolve("images/catalog/teddy-bear"))) {
            gone = files.filter(Files::isRegularFile).findFirst().orElseThrow();
        }
        Files.delete(gone);

        String dry = CommandLineRun.run("reconcile", "--data", data.toString(), "--dry-run");
        assertThat(dry).contains("1 differences (dry run: nothing changed)").contains("OBJECT_GONE")
                .contains(data.resolve("images").relativize(gone).toString().replace('\\', '/'));
        assertThat(CommandLineRun.run("reconcile", "--data", data.toString())).contains("1 repaired, 0 repairs failed");
        assertThat(CommandLineRun.run("reconcile", "--data", data.toString(), "--dry-run")).contains(": 0 differences");
    }
}
