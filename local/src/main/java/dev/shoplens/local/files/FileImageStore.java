package dev.shoplens.local.files;

import dev.shoplens.core.domain.ImageId;
import dev.shoplens.core.domain.ProductId;
import dev.shoplens.core.imaging.ImageFormat;
import dev.shoplens.core.port.ImageSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/** Catalog images as files under the data directory, written atomically (temporary file, then rename). */
public final class FileImageStore implements ImageSource {
    private final Path root;

    public FileImageStore(Path root) {
        this.root = root;
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the image folder " + root, e);
        }
    }

    @Override
    public void put(ProductId product, ImageId image, byte[] bytes, String contentType) {
        ImageFormat format = ImageFormat.fromMediaType(contentType)
                .orElseThrow(() -> new IllegalArgumentException("not an image type: " + contentType));
        Path target = pathOf(image, format);
        try {
            Files.createDirectories(target.getParent());
            if (Files.exists(target)) {
                return; // same id, same bytes
            }
            Path tmp = Files.createTempFile(target.getParent(), image.value(), ".part");
            Files.write(tmp, bytes);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store image " + image, e);
        }
    }

    @Override
    public Optional<StoredImage> get(ImageId image) {
        for (ImageFormat format : ImageFormat.values()) {
            Path path = pathOf(image, format);
            if (Files.isRegularFile(path)) {
                try {
                    return Optional.of(new StoredImage(Files.readAllBytes(path), format.mediaType()));
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read image " + image, e);
                }
            }
        }
        return Optional.empty();
    }

    private Path pathOf(ImageId image, ImageFormat format) {
        return root.resolve(image.value().substring(0, 2)).resolve(image.value() + "." + format.extension());
    }
}
