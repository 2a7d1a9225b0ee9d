package dev.shoplens.local.files;

import dev.shoplens.core.domain.ImageKey;
import dev.shoplens.core.imaging.ImageDecoder;
import dev.shoplens.core.imaging.ImageFormat;
import dev.shoplens.core.port.ImageStore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Catalog images as files under the data directory, at the path their key names (keys are validated, so
 * they cannot leave the folder); written atomically (temporary file, then rename). The entity tag is the
 * bytes' MD5, as S3 gives for single-part uploads.
 */
public final class FileImageStore implements ImageStore {
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
    public String write(ImageKey key, byte[] bytes, String contentType) {
        Path target = pathOf(key);
        try {
            Files.createDirectories(target.getParent());
            Path tmp = Files.createTempFile(target.getParent(), "upload", ".part");
            Files.write(tmp, bytes);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return md5(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store image " + key, e);
        }
    }

    @Override
    public Optional<StoredImage> read(ImageKey key, long maxBytes) {
        Path path = pathOf(key);
        try {
            long size = Files.size(path);
            if (size > maxBytes) {
                throw ImageDecoder.tooManyBytes(size, maxBytes);
            }
            byte[] bytes = Files.readAllBytes(path);
            String type = ImageFormat.sniff(bytes).map(ImageFormat::mediaType).orElse("application/octet-stream");
            return Optional.of(new StoredImage(bytes, type, md5(bytes)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read image " + key, e);
        }
    }

    @Override
    public boolean exists(ImageKey key) {
        return Files.isRegularFile(pathOf(key));
    }

    @Override
    public void delete(ImageKey key) {
        try {
            Files.deleteIfExists(pathOf(key));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete image " + key, e);
        }
    }

    @Override
    public void forEachObject(Consumer<StoredObject> action) {
        Path catalog = root.resolve(ImageKey.CATALOG_PREFIX);
        if (!Files.isDirectory(catalog)) {
            return;
        }
        try (Stream<Path> files = Files.walk(catalog)) {
            for (Path file : files.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().endsWith(".part"))
                    .sorted().toList()) {
                action.accept(new StoredObject(root.relativize(file).toString().replace('\\', '/'),
                        md5(Files.readAllBytes(file))));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the image folder " + catalog, e);
        }
    }

    private Path pathOf(ImageKey key) {
        return root.resolve(key.value());
    }

    private static String md5(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is part of every JDK", e);
        }
    }
}
