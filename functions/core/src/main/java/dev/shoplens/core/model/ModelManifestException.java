package dev.shoplens.core.model;

/** A model directory that cannot be used, with the file and field at fault. Thrown at start-up. */
public class ModelManifestException extends RuntimeException {
    public ModelManifestException(String message) {
        super(message);
    }

    public ModelManifestException(String message, Throwable cause) {
        super(message, cause);
    }
}
