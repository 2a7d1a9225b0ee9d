package dev.shoplens.local.cli;

import dev.shoplens.core.domain.CatalogImageUpload;
import dev.shoplens.core.domain.ImageRecord;
import dev.shoplens.core.domain.ProductId;
import dev.shoplens.core.domain.ShopLensException;
import dev.shoplens.core.service.CatalogService;
import dev.shoplens.core.service.CatalogUploadService;

import java.util.List;

/**
 * Where an import sends a catalog: the embedded store of this machine, or a deployed stack through its API
 * ({@link DeployedStack}). Images are named by their content in both, so an import asks what is already
 * indexed and sends only the rest.
 */
public interface CatalogTarget {

    /**
     * Where this image of this product stands in ingest; null when it was never stored.
     *
     * @throws ShopLensException when the bytes are no image the target takes
     */
    ImageRecord.Status status(ProductId product, byte[] image);

    /** Adds the images (a batch), each with its product's details; one outcome per image, in order. */
    List<CatalogUploadService.Uploaded> addAll(List<CatalogImageUpload> images);

    /**
     * An image found already indexed, with the details its product should have. The embedded store set them
     * with the image; a deployed stack sets them apart, which an interrupted run may not have done.
     */
    default void alreadyIndexed(CatalogImageUpload image) {
    }

    /** The run is over: anything held back is done now; refusals are returned as problem lines. */
    default List<String> finish() {
        return List.of();
    }

    /** The local application's stores: images are indexed before the call returns. */
    static CatalogTarget embedded(CatalogUploadService uploads, CatalogService catalog) {
        return new CatalogTarget() {
            @Override
            public ImageRecord.Status status(ProductId product, byte[] image) {
                try {
                    return catalog.imageStatus(uploads.keyOf(product, image)).status();
                } catch (ShopLensException e) {
                    if (e.code() == dev.shoplens.core.domain.ErrorCode.IMAGE_NOT_FOUND) {
                        return null; // no event for it yet
                    }
                    throw e;
                }
            }

            @Override
            public List<CatalogUploadService.Uploaded> addAll(List<CatalogImageUpload> images) {
                return uploads.uploadAll(images);
            }
        };
    }
}
