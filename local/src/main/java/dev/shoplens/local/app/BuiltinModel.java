package dev.shoplens.local.app;

import dev.shoplens.core.model.ModelManifestReader;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The project's own models (the embedder and the object finder) ship inside this jar; DJL loads models from
 * a directory, so each is copied to the data directory once (and again whenever the copy differs from the
 * jar's).
 */
public final class BuiltinModel {
    private static final String[] FILES = {"manifest.json", "model.onnx"};

    private BuiltinModel() {
    }

    /** The built-in image embedder, copied to {@code target}. */
    public static Path extractTo(Path target) {
        extract("/models/builtin/", target, "train_builtin.py");
        ModelManifestReader.read(target);
        return target;
    }

    /** The built-in object finder, copied to {@code target}. */
    public static Path extractObjectFinderTo(Path target) {
        extract("/models/object-finder/", target, "train_detector.py");
        ModelManifestReader.readObjectFinder(target);
        return target;
    }

    private static void extract(String resourceDir, Path target, String trainer) {
        try {
            Files.createDirectories(target);
            for (String name : FILES) {
                try (InputStream in = BuiltinModel.class.getResourceAsStream(resourceDir + name)) {
                    if (in == null) {
                        throw new IllegalStateException("a built-in model is missing from this build ("
                                + resourceDir + name + "); train it with layers/model/training/" + trainer);
                    }
                    Path tmp = Files.createTempFile(target, name, ".part");
                    Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                    Path dest = target.resolve(name);
                    if (Files.exists(dest) && Files.mismatch(tmp, dest) == -1) {
                        Files.delete(tmp);
                    } else {
                        Files.move(tmp, dest, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy the built-in model to " + target, e);
        }
    }
}
