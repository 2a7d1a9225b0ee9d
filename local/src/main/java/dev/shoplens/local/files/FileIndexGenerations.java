package dev.shoplens.local.files;

import dev.shoplens.core.port.IndexGenerations;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Optional;

/**
 * The local mode's index per model: {@code indexes/<model>/} folders, and a file {@code indexes/LIVE} naming
 * the model whose index answers searches, replaced by an atomic rename so it is never half-written.
 */
public final class FileIndexGenerations implements IndexGenerations {
    private static final String LIVE = "LIVE";
    private static final String WAS_LIVE = ".was-live";

    private final Path root;

    public FileIndexGenerations(Path root) {
        this.root = root;
    }

    /** The folder of one model's index. */
    public Path folderOf(String modelVersion) {
        return root.resolve(IndexGenerations.slug(modelVersion));
    }

    @Override
    public Optional<String> live() {
        Path file = root.resolve(LIVE);
        try {
            return Files.isRegularFile(file) ? Optional.of(Files.readString(file, StandardCharsets.UTF_8).strip())
                    : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    @Override
    public void promote(String modelVersion) {
        try {
            Files.createDirectories(root);
            Files.writeString(root.resolve(IndexGenerations.slug(modelVersion) + WAS_LIVE), modelVersion);
            Path next = root.resolve(LIVE + ".next");
            Files.writeString(next, modelVersion + "\n", StandardCharsets.UTF_8);
            Files.move(next, root.resolve(LIVE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the index of " + modelVersion + " live in " + root, e);
        }
    }

    @Override
    public void discard(String modelVersion) {
        if (live().filter(modelVersion::equals).isPresent()) {
            throw new IllegalStateException("the index of " + modelVersion + " is live and cannot be discarded");
        }
        try {
            Path folder = folderOf(modelVersion);
            if (Files.isDirectory(folder)) {
                try (var files = Files.walk(folder)) {
                    for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            }
            Files.deleteIfExists(root.resolve(IndexGenerations.slug(modelVersion) + WAS_LIVE));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the index of " + modelVersion + " in " + root, e);
        }
    }

    @Override
    public boolean wasLive(String modelVersion) {
        return Files.exists(root.resolve(IndexGenerations.slug(modelVersion) + WAS_LIVE));
    }
}
