package dev.shoplens.local.app;

import dev.shoplens.core.model.ModelManifestReader;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The project's own model ships inside this jar; DJL loads models from a directory, so it is copied to the
 * data directory once (and again whenever the copy differs from the jar's).
 */
public final class BuiltinModel {
    private static final String RESOURCE_DIR = "/models/builtin/";
    private static final String[] FILES = {"manifest.json", "model.onnx"};

    private BuiltinModel() {
    }

    public static Path extractTo(Path target) {
        try {
            Files.createDirectories(target);
            for (String name : FILES) {
                try (InputStream in = BuiltinModel.class.getResourceAsStream(RESOURCE_DIR + name)) {
                    if (in == null) {
                        throw new IllegalStateException("the built-in model is missing from this build ("
                                + RESOURCE_DIR + name + "); train it with layers/model/training/train_builtin.py");
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
            ModelManifestReader.read(target);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy the built-in model to " + target, e);
        }
    }
}
